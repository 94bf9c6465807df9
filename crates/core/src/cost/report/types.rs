//! What the reports take and give: the dashboard's filter, its charts, the call log, the daily report.

use serde::{Deserialize, Serialize};

use crate::error::ErrorCategory;
use crate::origin::OriginKind;
use crate::store::ledger::{CallStatus, LedgerEntry};

/// Which calls a report covers. Empty lists mean "all".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct UsageFilter {
    /// Epoch ms, inclusive.
    #[specta(type = specta_typescript::Number)]
    pub from_ms: i64,
    /// Epoch ms, exclusive.
    #[specta(type = specta_typescript::Number)]
    pub to_ms: i64,
    /// Days are local days: local time = UTC + this offset.
    pub tz_offset_minutes: i32,
    pub provider_ids: Vec<String>,
    pub models: Vec<String>,
    pub origin_kinds: Vec<OriginKind>,
    pub statuses: Vec<CallStatus>,
}

impl UsageFilter {
    /// Every call in [from_ms, to_ms), days at this offset.
    pub fn range(from_ms: i64, to_ms: i64, tz_offset_minutes: i32) -> Self {
        UsageFilter {
            from_ms,
            to_ms,
            tz_offset_minutes,
            provider_ids: Vec::new(),
            models: Vec::new(),
            origin_kinds: Vec::new(),
            statuses: Vec::new(),
        }
    }
}

/// How the spend chart stacks each day's bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SpendGroup {
    Provider,
    Model,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct UsageReport {
    pub totals: UsageTotals,
    pub spend: Vec<SpendPoint>,
    pub tokens: Vec<TokenPoint>,
    pub requests: Vec<RequestPoint>,
    pub latency: Vec<LatencyPoint>,
    pub options: FilterOptions,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct UsageTotals {
    #[specta(type = specta_typescript::Number)]
    pub requests: u64,
    #[specta(type = specta_typescript::Number)]
    pub ok: u64,
    #[specta(type = specta_typescript::Number)]
    pub errors: u64,
    #[specta(type = specta_typescript::Number)]
    pub cancelled: u64,
    /// Answered from the response cache (also counted in `cache.hits`).
    #[specta(type = specta_typescript::Number)]
    pub cached: u64,
    /// Hits, misses and what the hits saved.
    pub cache: crate::cache::CacheSavings,
    /// Calls without a price; their cost is unknown, not 0, and is not in `cost_usd_micros`.
    #[specta(type = specta_typescript::Number)]
    pub unpriced_requests: u64,
    /// Spend of the priced calls.
    #[specta(type = specta_typescript::Number)]
    pub cost_usd_micros: i64,
    /// Every prompt token, cached ones included (as in `Usage`).
    #[specta(type = specta_typescript::Number)]
    pub input_tokens: u64,
    #[specta(type = specta_typescript::Number)]
    pub output_tokens: u64,
    #[specta(type = specta_typescript::Number)]
    pub cache_read_tokens: u64,
    #[specta(type = specta_typescript::Number)]
    pub cache_write_tokens: u64,
    #[specta(type = specta_typescript::Number)]
    pub reasoning_tokens: u64,
}

/// One bar segment of the spend chart: a day's spend of one provider or model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct SpendPoint {
    /// YYYY-MM-DD, local.
    pub day: String,
    /// The provider id or the model; "" for calls that reached none.
    pub key: String,
    /// The provider's name (as of its newest call) or the model.
    pub label: String,
    #[specta(type = specta_typescript::Number)]
    pub cost_usd_micros: i64,
    #[specta(type = specta_typescript::Number)]
    pub requests: u64,
    #[specta(type = specta_typescript::Number)]
    pub unpriced: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct TokenPoint {
    pub day: String,
    /// Fresh input: input - cache_read - cache_write, so the four input kinds stack without counting twice.
    #[specta(type = specta_typescript::Number)]
    pub input_tokens: u64,
    #[specta(type = specta_typescript::Number)]
    pub output_tokens: u64,
    #[specta(type = specta_typescript::Number)]
    pub cache_read_tokens: u64,
    #[specta(type = specta_typescript::Number)]
    pub cache_write_tokens: u64,
    /// Part of `output_tokens`, not on top of it.
    #[specta(type = specta_typescript::Number)]
    pub reasoning_tokens: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct RequestPoint {
    pub day: String,
    #[specta(type = specta_typescript::Number)]
    pub requests: u64,
    #[specta(type = specta_typescript::Number)]
    pub ok: u64,
    #[specta(type = specta_typescript::Number)]
    pub errors: u64,
    #[specta(type = specta_typescript::Number)]
    pub cancelled: u64,
    #[specta(type = specta_typescript::Number)]
    pub cached: u64,
    /// Failed calls (status error) by their category, most frequent first.
    pub by_category: Vec<CategoryCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct CategoryCount {
    pub category: ErrorCategory,
    #[specta(type = specta_typescript::Number)]
    pub count: u64,
}

/// A day's latency over the calls the filter selects (all statuses unless filtered). Approximate: see
/// `histogram` for the bound. Days without calls have no point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct LatencyPoint {
    pub day: String,
    #[specta(type = specta_typescript::Number)]
    pub latency_p50_ms: i64,
    #[specta(type = specta_typescript::Number)]
    pub latency_p95_ms: i64,
    /// None when no call of the day reported a first token.
    #[specta(type = Option<specta_typescript::Number>)]
    pub ttft_p50_ms: Option<i64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub ttft_p95_ms: Option<i64>,
}

/// What the filter menus offer: every provider and model with calls in the range, whatever the other filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct FilterOptions {
    pub providers: Vec<NamedId>,
    pub models: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct NamedId {
    pub id: String,
    pub name: String,
}

/// A page of the call log, newest first; `next_before` is the `before_id` of the next page (None: last page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct LogPage {
    pub rows: Vec<LogRow>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub next_before: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct LogRow {
    #[specta(type = specta_typescript::Number)]
    pub id: i64,
    pub entry: LedgerEntry,
    /// The person's thumbs up or down on the answer this call gave, with their note.
    #[serde(default)]
    pub feedback: Option<crate::store::feedback::Feedback>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Csv,
    Json,
}

/// Yesterday's report: one local day's spend by provider and model, and the month up to and including it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DailyReport {
    pub day: String,
    /// Most expensive first.
    pub lines: Vec<SpendLine>,
    #[specta(type = specta_typescript::Number)]
    pub total_usd_micros: i64,
    #[specta(type = specta_typescript::Number)]
    pub unpriced: u64,
    #[specta(type = specta_typescript::Number)]
    pub month_to_date_usd_micros: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct SpendLine {
    pub provider_id: Option<String>,
    pub provider_name: Option<String>,
    pub model: Option<String>,
    #[specta(type = specta_typescript::Number)]
    pub cost_usd_micros: i64,
    #[specta(type = specta_typescript::Number)]
    pub requests: u64,
    #[specta(type = specta_typescript::Number)]
    pub unpriced: u64,
}

/// Whose spend a budget counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub enum SpendScope<'a> {
    Global,
    Provider(&'a str),
    AccessKey(&'a str),
}
