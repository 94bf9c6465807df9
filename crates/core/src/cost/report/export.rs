//! Exports the filtered ledger, every field, oldest first (by time, then id): CSV with a header row, or a JSON array of objects.

use std::io::Write;

use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};

use super::filter::enum_text;
use super::log::where_clause;
use super::types::{ExportFormat, UsageFilter};
use crate::error::{Error, ErrorCategory, Result};
use crate::store::ledger::{from_row, COLUMNS};

/// One exported call: the ledger row, flat, so CSV and JSON have the same fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ExportRecord {
    #[specta(type = specta_typescript::Number)]
    pub id: i64,
    #[specta(type = specta_typescript::Number)]
    pub at: i64,
    pub origin: String,
    pub origin_kind: String,
    pub access_key_id: Option<String>,
    pub conversation_id: Option<String>,
    pub message_id: Option<String>,
    pub route: String,
    pub provider_id: Option<String>,
    pub provider_name: Option<String>,
    pub model: Option<String>,
    pub attempts: u32,
    pub status: String,
    pub error_category: Option<String>,
    pub streamed: bool,
    pub input_tokens: u32,
    pub output_tokens: u32,
    pub cache_read_tokens: u32,
    pub cache_write_tokens: u32,
    pub reasoning_tokens: u32,
    pub usage_estimated: bool,
    #[specta(type = specta_typescript::Number)]
    pub latency_ms: i64,
    #[specta(type = Option<specta_typescript::Number>)]
    pub ttft_ms: Option<i64>,
    pub trace_id: String,
    /// Empty when unpriced.
    #[specta(type = Option<specta_typescript::Number>)]
    pub cost_micros: Option<i64>,
    pub currency: Option<String>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub cost_usd_micros: Option<i64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub usd_per_unit_micros: Option<i64>,
    pub price_source: Option<String>,
    /// hit | miss | bypass
    pub cache: String,
    #[specta(type = Option<specta_typescript::Number>)]
    pub saved_cost_usd_micros: Option<i64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub saved_latency_ms: Option<i64>,
}

fn record(r: &rusqlite::Row) -> rusqlite::Result<ExportRecord> {
    let e = from_row(r)?;
    let cost = e.cost.as_ref();
    Ok(ExportRecord {
        id: r.get(31)?,
        at: e.at,
        origin: e.origin,
        origin_kind: enum_text(&e.origin_kind),
        access_key_id: e.access_key_id,
        conversation_id: e.conversation_id,
        message_id: e.message_id,
        route: e.route,
        provider_id: e.provider_id,
        provider_name: e.provider_name,
        model: e.model,
        attempts: e.attempts,
        status: enum_text(&e.status),
        error_category: e.error_category.as_ref().map(enum_text),
        streamed: e.streamed,
        input_tokens: e.usage.input_tokens,
        output_tokens: e.usage.output_tokens,
        cache_read_tokens: e.usage.cache_read_tokens,
        cache_write_tokens: e.usage.cache_write_tokens,
        reasoning_tokens: e.usage.reasoning_tokens,
        usage_estimated: e.usage.estimated,
        latency_ms: e.latency_ms,
        ttft_ms: e.ttft_ms,
        trace_id: e.trace_id,
        cost_micros: cost.map(|c| c.micros),
        currency: cost.map(|c| c.currency.clone()),
        cost_usd_micros: cost.map(|c| c.usd_micros),
        usd_per_unit_micros: cost.map(|c| c.usd_per_unit_micros),
        price_source: cost.map(|c| enum_text(&c.source)),
        cache: e.cache.as_str().to_owned(),
        saved_cost_usd_micros: e.saved_cost_usd_micros,
        saved_latency_ms: e.saved_latency_ms,
    })
}

fn failed(e: impl std::fmt::Display) -> Error {
    Error::new(ErrorCategory::Storage, "export_failed", format!("The export could not be written: {e}"))
}

/// Writes the rows the filter selects to `out`; returns how many.
pub fn export(conn: &Connection, filter: &UsageFilter, format: ExportFormat, out: &mut dyn Write) -> Result<u64> {
    let (sql, params) = where_clause(filter);
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS}, id FROM ledger{sql} ORDER BY at, id"))?;
    let rows = stmt.query_map(params_from_iter(params), record)?;
    let mut count = 0;
    match format {
        ExportFormat::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            for row in rows {
                writer.serialize(row?).map_err(failed)?;
                count += 1;
            }
            if count == 0 {
                // serde writes the header with the first record; an empty export still names its columns.
                writer.write_record(HEADER).map_err(failed)?;
            }
            writer.flush()?;
        }
        ExportFormat::Json => {
            out.write_all(b"[")?;
            for row in rows {
                if count > 0 {
                    out.write_all(b",\n")?;
                }
                serde_json::to_writer(&mut *out, &row?).map_err(failed)?;
                count += 1;
            }
            out.write_all(b"]\n")?;
            out.flush()?;
        }
    }
    Ok(count)
}

/// `ExportRecord`'s fields, in order.
pub const HEADER: [&str; 32] = [
    "id",
    "at",
    "origin",
    "origin_kind",
    "access_key_id",
    "conversation_id",
    "message_id",
    "route",
    "provider_id",
    "provider_name",
    "model",
    "attempts",
    "status",
    "error_category",
    "streamed",
    "input_tokens",
    "output_tokens",
    "cache_read_tokens",
    "cache_write_tokens",
    "reasoning_tokens",
    "usage_estimated",
    "latency_ms",
    "ttft_ms",
    "trace_id",
    "cost_micros",
    "currency",
    "cost_usd_micros",
    "usd_per_unit_micros",
    "price_source",
    "cache",
    "saved_cost_usd_micros",
    "saved_latency_ms",
];
