//! The ledger: one row per call, from a chat pane or the gateway, whatever its outcome.

use rusqlite::{params, Connection, Row};
use serde::{Deserialize, Serialize};

use crate::cache::CacheUse;
use crate::cost::money::{Cost, PriceSource};
use crate::error::{ErrorCategory, Result};
use crate::ir::Usage;
use crate::origin::OriginKind;
use crate::store::{enum_from, enum_text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CallStatus {
    Ok,
    Error,
    Cancelled,
    /// Answered from the response cache: nothing was sent, nothing billed.
    Cached,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct LedgerEntry {
    #[specta(type = specta_typescript::Number)]
    pub at: i64,
    /// `chat:<pane>` for a pane, `gateway:<access key name>` for the gateway, `workflow:<id>` for a workflow.
    pub origin: String,
    pub origin_kind: OriginKind,
    pub access_key_id: Option<String>,
    /// For a pane's call: the conversation and the answer it wrote.
    pub conversation_id: Option<String>,
    pub message_id: Option<String>,
    /// The model name the caller asked for.
    pub route: String,
    pub provider_id: Option<String>,
    pub provider_name: Option<String>,
    /// The model the provider was asked for (or reported answering with).
    pub model: Option<String>,
    pub attempts: u32,
    pub status: CallStatus,
    pub error_category: Option<ErrorCategory>,
    pub streamed: bool,
    pub usage: Usage,
    #[specta(type = specta_typescript::Number)]
    pub latency_ms: i64,
    #[specta(type = Option<specta_typescript::Number>)]
    pub ttft_ms: Option<i64>,
    pub trace_id: String,
    /// None: unpriced (an unknown model, or a row from before prices existed) — never counted as 0.
    pub cost: Option<Cost>,
    /// What the response cache did for the call.
    #[serde(default)]
    pub cache: CacheUse,
    /// A hit's saving: what the call it replayed cost (None: unpriced, or not a hit) and the time it took beyond
    /// this one's.
    #[serde(default)]
    #[specta(type = Option<specta_typescript::Number>)]
    pub saved_cost_usd_micros: Option<i64>,
    #[serde(default)]
    #[specta(type = Option<specta_typescript::Number>)]
    pub saved_latency_ms: Option<i64>,
}

pub fn insert(conn: &Connection, e: &LedgerEntry) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO ledger (at, origin, route, provider_id, provider_name, model, attempts, status, error_category,
            streamed, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,
            usage_estimated, latency_ms, ttft_ms, trace_id, origin_kind, access_key_id, conversation_id, message_id,
            cost_micros, currency, cost_usd_micros, usd_per_unit_micros, price_source, cache, saved_cost_usd_micros,
            saved_latency_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,
            ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31)",
    )?
    .execute(params![
        e.at,
        e.origin,
        e.route,
        e.provider_id,
        e.provider_name,
        e.model,
        e.attempts,
        enum_text(&e.status),
        e.error_category.as_ref().map(enum_text),
        e.streamed,
        e.usage.input_tokens,
        e.usage.output_tokens,
        e.usage.cache_read_tokens,
        e.usage.cache_write_tokens,
        e.usage.reasoning_tokens,
        e.usage.estimated,
        e.latency_ms,
        e.ttft_ms,
        e.trace_id,
        enum_text(&e.origin_kind),
        e.access_key_id,
        e.conversation_id,
        e.message_id,
        e.cost.as_ref().map(|c| c.micros),
        e.cost.as_ref().map(|c| &c.currency),
        e.cost.as_ref().map(|c| c.usd_micros),
        e.cost.as_ref().map(|c| c.usd_per_unit_micros),
        e.cost.as_ref().map(|c| enum_text(&c.source)),
        e.cache.as_str(),
        e.saved_cost_usd_micros,
        e.saved_latency_ms,
    ])?;
    Ok(())
}

pub fn from_row(r: &Row) -> rusqlite::Result<LedgerEntry> {
    let status: String = r.get(7)?;
    let category: Option<String> = r.get(8)?;
    Ok(LedgerEntry {
        at: r.get(0)?,
        origin: r.get(1)?,
        route: r.get(2)?,
        provider_id: r.get(3)?,
        provider_name: r.get(4)?,
        model: r.get(5)?,
        attempts: r.get(6)?,
        status: enum_from(&status).unwrap_or(CallStatus::Error),
        error_category: category.and_then(|c| enum_from(&c)),
        streamed: r.get(9)?,
        usage: Usage {
            input_tokens: r.get(10)?,
            output_tokens: r.get(11)?,
            cache_read_tokens: r.get(12)?,
            cache_write_tokens: r.get(13)?,
            reasoning_tokens: r.get(14)?,
            estimated: r.get(15)?,
        },
        latency_ms: r.get(16)?,
        ttft_ms: r.get(17)?,
        trace_id: r.get(18)?,
        origin_kind: enum_from(&r.get::<_, String>(19)?).unwrap_or(OriginKind::Gateway),
        access_key_id: r.get(20)?,
        conversation_id: r.get(21)?,
        message_id: r.get(22)?,
        cost: cost_from(r, 23)?,
        cache: r.get::<_, Option<String>>(28)?.and_then(|c| enum_from(&c)).unwrap_or_default(),
        saved_cost_usd_micros: r.get(29)?,
        saved_latency_ms: r.get(30)?,
    })
}

/// The cost columns from `first` on: micros, currency, usd micros, rate, source; None when unpriced.
pub fn cost_from(r: &Row, first: usize) -> rusqlite::Result<Option<Cost>> {
    let micros: Option<i64> = r.get(first)?;
    let Some(micros) = micros else { return Ok(None) };
    let source: Option<String> = r.get(first + 4)?;
    Ok(Some(Cost {
        micros,
        currency: r.get::<_, Option<String>>(first + 1)?.unwrap_or_else(|| "USD".into()),
        usd_micros: r.get::<_, Option<i64>>(first + 2)?.unwrap_or(micros),
        usd_per_unit_micros: r.get::<_, Option<i64>>(first + 3)?.unwrap_or(crate::cost::money::MICROS),
        source: source.and_then(|s| enum_from(&s)).unwrap_or(PriceSource::GenaiPrices),
    }))
}

pub const COLUMNS: &str = "at, origin, route, provider_id, provider_name, model, attempts, status, error_category,
    streamed, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, usage_estimated,
    latency_ms, ttft_ms, trace_id, origin_kind, access_key_id, conversation_id, message_id, cost_micros, currency,
    cost_usd_micros, usd_per_unit_micros, price_source, cache, saved_cost_usd_micros, saved_latency_ms";

/// What a conversation's answers cost, in US dollars.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ConversationCost {
    #[specta(type = specta_typescript::Number)]
    pub usd_micros: i64,
    pub priced_answers: u32,
    pub unpriced_answers: u32,
}

pub fn conversation_cost(conn: &Connection, conversation_id: &str) -> Result<ConversationCost> {
    Ok(conn.query_row(
        "SELECT COALESCE(SUM(cost_usd_micros), 0), COUNT(cost_usd_micros), COUNT(*) - COUNT(cost_usd_micros)
         FROM ledger WHERE conversation_id = ?1",
        [conversation_id],
        |r| Ok(ConversationCost { usd_micros: r.get(0)?, priced_answers: r.get(1)?, unpriced_answers: r.get(2)? }),
    )?)
}

/// What the answer `message_id` cost, once its row is written; whether it came from the response cache, and then
/// what its first call had cost.
pub fn message_cost(conn: &Connection, message_id: &str) -> Result<(Option<Cost>, bool, Option<i64>)> {
    let mut stmt = conn.prepare_cached(
        "SELECT cost_micros, currency, cost_usd_micros, usd_per_unit_micros, price_source, status,
            saved_cost_usd_micros
         FROM ledger WHERE message_id = ?1 ORDER BY id DESC LIMIT 1",
    )?;
    let mut rows = stmt.query([message_id])?;
    Ok(match rows.next()? {
        Some(r) => (cost_from(r, 0)?, r.get::<_, String>(5)? == "cached", r.get(6)?),
        None => (None, false, None),
    })
}

/// The dollar cost of the call with this trace id (0 when it was unpriced or never written).
pub fn usd_cost_of_trace(conn: &Connection, trace_id: &str) -> Result<i64> {
    Ok(conn.query_row("SELECT COALESCE(SUM(cost_usd_micros), 0) FROM ledger WHERE trace_id = ?1", [trace_id], |r| {
        r.get(0)
    })?)
}

/// Newest first.
pub fn recent(conn: &Connection, limit: u32) -> Result<Vec<LedgerEntry>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM ledger ORDER BY id DESC LIMIT ?1"))?;
    let rows = stmt.query_map([limit], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
