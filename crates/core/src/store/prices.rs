//! Placeholder until the pricing room lands (branch `pricing`): the user's price overrides.

use rusqlite::{params, Connection};

use crate::cost::pricing::PriceOverride;
use crate::error::{Error, Result};

pub fn list(conn: &Connection) -> Result<Vec<PriceOverride>> {
    let mut stmt = conn.prepare(
        "SELECT provider_id, model, currency, input_micros, output_micros, cache_read_micros, cache_write_micros,
            reasoning_micros FROM price_overrides ORDER BY provider_id, model",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(PriceOverride {
            provider_id: r.get(0)?,
            model: r.get(1)?,
            currency: r.get(2)?,
            input_micros: r.get(3)?,
            output_micros: r.get(4)?,
            cache_read_micros: r.get(5)?,
            cache_write_micros: r.get(6)?,
            reasoning_micros: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn upsert(conn: &Connection, o: &PriceOverride, now: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO price_overrides (provider_id, model, currency, input_micros, output_micros, cache_read_micros,
            cache_write_micros, reasoning_micros, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT(provider_id, model) DO UPDATE SET currency = ?3, input_micros = ?4, output_micros = ?5,
            cache_read_micros = ?6, cache_write_micros = ?7, reasoning_micros = ?8, updated_at = ?9",
        params![
            o.provider_id,
            o.model,
            o.currency,
            o.input_micros,
            o.output_micros,
            o.cache_read_micros,
            o.cache_write_micros,
            o.reasoning_micros,
            now
        ],
    )?;
    Ok(())
}

pub fn delete(conn: &Connection, provider_id: &str, model: &str) -> Result<()> {
    match conn
        .execute("DELETE FROM price_overrides WHERE provider_id = ?1 AND model = ?2", params![provider_id, model])?
    {
        0 => Err(Error::not_found("price", &format!("{provider_id}/{model}"))),
        _ => Ok(()),
    }
}
