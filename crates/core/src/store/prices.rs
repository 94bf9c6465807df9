//! The user's price overrides, one per provider and model (table `price_overrides`, migration 8).

use rusqlite::{params, Connection, Row};

use crate::cost::pricing::PriceOverride;
use crate::error::{Error, Result};

fn from_row(r: &Row) -> rusqlite::Result<PriceOverride> {
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
}

/// By provider, then model.
pub fn list(conn: &Connection) -> Result<Vec<PriceOverride>> {
    let mut stmt = conn.prepare(
        "SELECT provider_id, model, currency, input_micros, output_micros, cache_read_micros, cache_write_micros,
            reasoning_micros
         FROM price_overrides ORDER BY provider_id, model",
    )?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Creates the override for its provider and model, or replaces it.
pub fn upsert(conn: &Connection, o: &PriceOverride, now_ms: i64) -> Result<()> {
    o.validate()?;
    conn.execute(
        "INSERT INTO price_overrides (provider_id, model, currency, input_micros, output_micros, cache_read_micros,
            cache_write_micros, reasoning_micros, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (provider_id, model) DO UPDATE SET currency = excluded.currency,
            input_micros = excluded.input_micros, output_micros = excluded.output_micros,
            cache_read_micros = excluded.cache_read_micros, cache_write_micros = excluded.cache_write_micros,
            reasoning_micros = excluded.reasoning_micros, updated_at = excluded.updated_at",
        params![
            o.provider_id,
            o.model,
            o.currency,
            o.input_micros,
            o.output_micros,
            o.cache_read_micros,
            o.cache_write_micros,
            o.reasoning_micros,
            now_ms
        ],
    )?;
    Ok(())
}

pub fn delete(conn: &Connection, provider_id: &str, model: &str) -> Result<()> {
    let n =
        conn.execute("DELETE FROM price_overrides WHERE provider_id = ?1 AND model = ?2", params![provider_id, model])?;
    if n == 0 {
        return Err(Error::not_found("price_override", &format!("{provider_id}/{model}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCategory;
    use crate::store::migrations::{migrate, MIGRATIONS};

    fn db() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, MIGRATIONS).unwrap();
        conn
    }

    fn price(provider_id: &str, model: &str, input_micros: i64) -> PriceOverride {
        PriceOverride {
            provider_id: provider_id.into(),
            model: model.into(),
            currency: "CNY".into(),
            input_micros,
            output_micros: 2 * input_micros,
            cache_read_micros: Some(1),
            cache_write_micros: None,
            reasoning_micros: Some(3),
        }
    }

    #[test]
    fn upsert_creates_then_replaces_and_list_is_ordered() {
        let conn = db();
        upsert(&conn, &price("p2", "a", 5), 1).unwrap();
        upsert(&conn, &price("p1", "b", 5), 1).unwrap();
        upsert(&conn, &price("p1", "a", 5), 1).unwrap();
        let replaced = PriceOverride { currency: "USD".into(), cache_read_micros: None, ..price("p1", "b", 9) };
        upsert(&conn, &replaced, 2).unwrap();
        let all = list(&conn).unwrap();
        let keys: Vec<_> = all.iter().map(|o| (o.provider_id.as_str(), o.model.as_str())).collect();
        assert_eq!(keys, [("p1", "a"), ("p1", "b"), ("p2", "a")]);
        assert_eq!(all[1], replaced);
        assert_eq!(all[0], price("p1", "a", 5));
        let at: i64 = conn
            .query_row("SELECT updated_at FROM price_overrides WHERE provider_id = 'p1' AND model = 'b'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(at, 2);
    }

    #[test]
    fn invalid_overrides_are_refused_before_they_are_stored() {
        let conn = db();
        let err = upsert(&conn, &price("p1", "a", -1), 1).unwrap_err();
        assert_eq!((err.code.as_str(), err.category), ("price_negative", ErrorCategory::InvalidRequest));
        assert_eq!(upsert(&conn, &price("p1", " ", 1), 1).unwrap_err().code, "price_model_missing");
        let bad_currency = PriceOverride { currency: "yuan".into(), ..price("p1", "a", 1) };
        assert_eq!(upsert(&conn, &bad_currency, 1).unwrap_err().code, "price_currency_invalid");
        assert!(list(&conn).unwrap().is_empty());
    }

    #[test]
    fn delete_removes_one_and_a_missing_one_is_not_found() {
        let conn = db();
        upsert(&conn, &price("p1", "a", 5), 1).unwrap();
        upsert(&conn, &price("p1", "b", 5), 1).unwrap();
        delete(&conn, "p1", "a").unwrap();
        assert_eq!(list(&conn).unwrap().len(), 1);
        let err = delete(&conn, "p1", "a").unwrap_err();
        assert_eq!((err.code.as_str(), err.category), ("price_override_not_found", ErrorCategory::NotFound));
    }
}
