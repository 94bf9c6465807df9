//! Cells: a local day's totals for one provider × model × origin kind × status, the unit every report adds up.
//! Whole days come from the `usage_daily` rollup; a day the range cuts through, and that has calls outside
//! the range, is aggregated from the raw ledger instead, so any [from, to) is exact.

use rusqlite::{params, Connection, Row};

use super::days::{day_start_ms, local_day};
use super::zones;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub day: i64,
    /// "" when the ledger has NULL.
    pub provider_id: String,
    pub model: String,
    pub origin_kind: String,
    pub status: String,
    pub provider_name: Option<String>,
    pub requests: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub cache_read_tokens: u64,
    pub cache_write_tokens: u64,
    pub reasoning_tokens: u64,
    /// Of the priced calls only.
    pub cost_usd_micros: i64,
    pub unpriced: u64,
    /// `{"<category>": count}` of the calls with status error.
    pub error_categories: String,
    /// `{"<bucket lower ms>": count}`, see `histogram`.
    pub latency_hist: String,
    pub ttft_hist: String,
    /// Calls that looked in the response cache and went to a provider.
    pub cache_misses: u64,
    /// Of the hits (status cached): what their first calls cost, and the time saved.
    pub saved_cost_usd_micros: i64,
    pub saved_latency_ms: i64,
}

/// The columns of a cell, in `Cell` order, as the rollup names them.
const CELL_COLUMNS: &str = "day, provider_id, model, origin_kind, status, provider_name, requests, input_tokens,
    output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd_micros, unpriced,
    error_categories, latency_hist, ttft_hist, cache_misses, saved_cost_usd_micros, saved_latency_ms";

fn count(r: &Row, index: usize) -> rusqlite::Result<u64> {
    Ok(r.get::<_, i64>(index)?.max(0) as u64)
}

fn from_row(r: &Row) -> rusqlite::Result<Cell> {
    Ok(Cell {
        day: r.get(0)?,
        provider_id: r.get(1)?,
        model: r.get(2)?,
        origin_kind: r.get(3)?,
        status: r.get(4)?,
        provider_name: r.get(5)?,
        requests: count(r, 6)?,
        input_tokens: count(r, 7)?,
        output_tokens: count(r, 8)?,
        cache_read_tokens: count(r, 9)?,
        cache_write_tokens: count(r, 10)?,
        reasoning_tokens: count(r, 11)?,
        cost_usd_micros: r.get(12)?,
        unpriced: count(r, 13)?,
        error_categories: r.get(14)?,
        latency_hist: r.get(15)?,
        ttft_hist: r.get(16)?,
        cache_misses: count(r, 17)?,
        saved_cost_usd_micros: r.get(18)?,
        saved_latency_ms: r.get(19)?,
    })
}

/// Every cell of the calls in [from_ms, to_ms), local days at `tz_offset_minutes`, whatever their dimensions.
pub fn in_range(conn: &Connection, from_ms: i64, to_ms: i64, tz_offset_minutes: i32) -> Result<Vec<Cell>> {
    if from_ms >= to_ms {
        return Ok(Vec::new());
    }
    zones::ensure(conn, tz_offset_minutes)?;
    let (first, last) = (local_day(from_ms, tz_offset_minutes), local_day(to_ms - 1, tz_offset_minutes));
    let first_is_cut = is_cut(conn, first, from_ms, to_ms, tz_offset_minutes)?;
    let last_is_cut = last != first && is_cut(conn, last, from_ms, to_ms, tz_offset_minutes)?;
    let mut cells = Vec::new();
    for (day, cut) in [(first, first_is_cut), (last, last_is_cut)] {
        if cut {
            let (start, end) = (day_start_ms(day, tz_offset_minutes), day_start_ms(day + 1, tz_offset_minutes));
            cells.extend(raw(conn, from_ms.max(start), to_ms.min(end), tz_offset_minutes)?);
        }
    }
    let whole = first + first_is_cut as i64..=last - last_is_cut as i64;
    if whole.start() <= whole.end() {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {CELL_COLUMNS} FROM usage_daily WHERE zone = ?1 AND day BETWEEN ?2 AND ?3"
        ))?;
        let rows = stmt.query_map(params![tz_offset_minutes, whole.start(), whole.end()], from_row)?;
        for row in rows {
            cells.push(row?);
        }
    }
    Ok(cells)
}

/// Cells straight from the ledger, for a part of a day (and for tests to check the rollup against).
pub fn raw(conn: &Connection, from_ms: i64, to_ms: i64, tz_offset_minutes: i32) -> Result<Vec<Cell>> {
    super::raw::cells(conn, from_ms, to_ms, tz_offset_minutes)
}

/// The rollup's cells of one zone, for tests to compare with `raw`.
pub fn rollup(conn: &Connection, tz_offset_minutes: i32) -> Result<Vec<Cell>> {
    let mut stmt = conn.prepare(&format!("SELECT {CELL_COLUMNS} FROM usage_daily WHERE zone = ?1"))?;
    let rows = stmt.query_map([tz_offset_minutes], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether the range leaves out calls of `day`: then the day's rollup row counts too much.
fn is_cut(conn: &Connection, day: i64, from_ms: i64, to_ms: i64, tz_offset_minutes: i32) -> Result<bool> {
    let (start, end) = (day_start_ms(day, tz_offset_minutes), day_start_ms(day + 1, tz_offset_minutes));
    Ok(has_rows(conn, start, from_ms.max(start))? || has_rows(conn, to_ms.min(end), end)?)
}

fn has_rows(conn: &Connection, from_ms: i64, to_ms: i64) -> Result<bool> {
    if from_ms >= to_ms {
        return Ok(false);
    }
    let mut stmt = conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM ledger WHERE at >= ?1 AND at < ?2)")?;
    Ok(stmt.query_row(params![from_ms, to_ms], |r| r.get(0))?)
}
