//! Retention: forget calls older than a moment, rollups included.

use rusqlite::{params, Connection};

use super::days::local_day;
use super::zones::{in_savepoint, kept};
use crate::error::Result;

/// Deletes the ledger rows before `at_ms`; returns how many. Rollup days and hours that end before `at_ms`
/// go in one statement each (their rows all go); the ledger's delete trigger then corrects only the day and
/// hour that `at_ms` cuts through, as it finds no rollup row left for the others.
pub fn delete_before(conn: &Connection, at_ms: i64) -> Result<u64> {
    in_savepoint(conn, || {
        for zone in kept(conn)? {
            conn.execute(
                "DELETE FROM usage_daily WHERE zone = ?1 AND day < ?2",
                params![zone, local_day(at_ms, zone)],
            )?;
        }
        conn.execute("DELETE FROM usage_spend_hourly WHERE hour < ?1", [at_ms.div_euclid(3_600_000)])?;
        Ok(conn.execute("DELETE FROM ledger WHERE at < ?1", [at_ms])? as u64)
    })
}
