//! Spend for budgets over any [from, to): whole UTC hours from the hourly rollup, the cut hours at the edges
//! from the ledger, so the figure is exact for any window.

use rusqlite::{params, Connection};

use super::types::SpendScope;
use crate::error::Result;

const HOUR_MS: i64 = 3_600_000;

/// Priced spend in micro-USD; unpriced calls add nothing (their cost is unknown).
pub fn spent_usd_micros(conn: &Connection, from_ms: i64, to_ms: i64, scope: SpendScope) -> Result<i64> {
    if from_ms >= to_ms {
        return Ok(0);
    }
    let (first_hour, end_hour) = (from_ms.div_euclid(HOUR_MS) + 1, to_ms.div_euclid(HOUR_MS));
    let first_hour = if from_ms.rem_euclid(HOUR_MS) == 0 { first_hour - 1 } else { first_hour };
    if first_hour >= end_hour {
        return raw(conn, from_ms, to_ms, scope);
    }
    Ok(raw(conn, from_ms, first_hour * HOUR_MS, scope)?
        + hourly(conn, first_hour, end_hour, scope)?
        + raw(conn, end_hour * HOUR_MS, to_ms, scope)?)
}

fn scope_clause(scope: SpendScope<'_>) -> (&'static str, &str) {
    match scope {
        SpendScope::Global => ("?3 = ''", ""),
        SpendScope::Provider(id) => ("provider_id = ?3", id),
        SpendScope::AccessKey(id) => ("access_key_id = ?3", id),
    }
}

fn hourly(conn: &Connection, first_hour: i64, end_hour: i64, scope: SpendScope) -> Result<i64> {
    let (clause, id) = scope_clause(scope);
    let sql = format!(
        "SELECT coalesce(sum(cost_usd_micros), 0) FROM usage_spend_hourly WHERE hour >= ?1 AND hour < ?2 AND {clause}"
    );
    Ok(conn.prepare_cached(&sql)?.query_row(params![first_hour, end_hour, id], |r| r.get(0))?)
}

fn raw(conn: &Connection, from_ms: i64, to_ms: i64, scope: SpendScope) -> Result<i64> {
    if from_ms >= to_ms {
        return Ok(0);
    }
    let (clause, id) = scope_clause(scope);
    let sql = format!("SELECT coalesce(sum(cost_usd_micros), 0) FROM ledger WHERE at >= ?1 AND at < ?2 AND {clause}");
    Ok(conn.prepare_cached(&sql)?.query_row(params![from_ms, to_ms, id], |r| r.get(0))?)
}
