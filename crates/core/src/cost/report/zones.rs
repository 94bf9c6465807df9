//! The time zone offsets the daily rollup is kept for. A report for an offset not yet kept adds it and
//! backfills it from the ledger once (a few seconds for 1,000,000 rows); every kept offset costs each ledger
//! write one more rollup update, so only the `MAX_ZONES` most recently used are kept (a summer and a winter
//! offset), the others are dropped with their rows.

use rusqlite::{params, Connection, OptionalExtension};

use super::raw;
use crate::error::Result;
use crate::store::now_ms;

pub const MAX_ZONES: usize = 2;
/// How stale a zone's last-used time may get before a report refreshes it (a write, so not on every report).
const USED_AT_REFRESH_MS: i64 = 86_400_000;

/// Makes sure the daily rollup is kept for `tz_offset_minutes`, backfilling it if new.
pub fn ensure(conn: &Connection, tz_offset_minutes: i32) -> Result<()> {
    let now = now_ms();
    let known: Option<(i64, bool)> = conn
        .prepare_cached(
            "SELECT used_at, used_at = (SELECT max(used_at) FROM usage_zones) FROM usage_zones WHERE offset_minutes = ?1",
        )?
        .query_row([tz_offset_minutes], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match known {
        Some((used_at, latest)) if latest && now - used_at < USED_AT_REFRESH_MS => Ok(()),
        Some(_) => {
            conn.execute(
                &format!("UPDATE usage_zones SET used_at = {NEXT_USED_AT} WHERE offset_minutes = ?1"),
                params![tz_offset_minutes, now],
            )?;
            Ok(())
        }
        None => in_savepoint(conn, || add(conn, tz_offset_minutes, now)),
    }
}

/// Now, or later than every zone's last use when the clock did not move, so the order of use is strict.
const NEXT_USED_AT: &str = "max(?2, (SELECT coalesce(max(used_at), 0) + 1 FROM usage_zones))";

fn add(conn: &Connection, zone: i32, now: i64) -> Result<()> {
    conn.execute(
        &format!("INSERT INTO usage_zones (offset_minutes, used_at) VALUES (?1, {NEXT_USED_AT})"),
        params![zone, now],
    )?;
    let mut insert = conn.prepare(
        "INSERT INTO usage_daily (zone, day, provider_id, model, origin_kind, status, provider_name, requests,
            input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd_micros,
            unpriced, error_categories, latency_hist, ttft_hist, cache_misses, saved_cost_usd_micros, saved_latency_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
    )?;
    for c in raw::cells(conn, i64::MIN, i64::MAX, zone)? {
        insert.execute(params![
            zone,
            c.day,
            c.provider_id,
            c.model,
            c.origin_kind,
            c.status,
            c.provider_name,
            c.requests as i64,
            c.input_tokens as i64,
            c.output_tokens as i64,
            c.cache_read_tokens as i64,
            c.cache_write_tokens as i64,
            c.reasoning_tokens as i64,
            c.cost_usd_micros,
            c.unpriced as i64,
            c.error_categories,
            c.latency_hist,
            c.ttft_hist,
            c.cache_misses as i64,
            c.saved_cost_usd_micros,
            c.saved_latency_ms,
        ])?;
    }
    let stale: Vec<i64> = conn
        .prepare("SELECT offset_minutes FROM usage_zones ORDER BY used_at DESC LIMIT -1 OFFSET ?1")?
        .query_map([MAX_ZONES as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for old in stale {
        conn.execute("DELETE FROM usage_daily WHERE zone = ?1", [old])?;
        conn.execute("DELETE FROM usage_zones WHERE offset_minutes = ?1", [old])?;
    }
    Ok(())
}

/// Runs `f` all or nothing, inside or outside a caller's transaction.
pub fn in_savepoint<T>(conn: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
    conn.execute_batch("SAVEPOINT usage_report")?;
    match f() {
        Ok(v) => {
            conn.execute_batch("RELEASE usage_report")?;
            Ok(v)
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK TO usage_report; RELEASE usage_report");
            Err(e)
        }
    }
}

/// The offsets kept, most recently used first.
pub fn kept(conn: &Connection) -> Result<Vec<i32>> {
    let mut stmt = conn.prepare("SELECT offset_minutes FROM usage_zones ORDER BY used_at DESC")?;
    let zones = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(zones)
}
