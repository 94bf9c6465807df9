//! Usage reports over the ledger: the dashboard's charts, the call log, exports, the daily report, spend for
//! budgets and retention.
//!
//! Charts read `usage_daily` (migration 9): per local day × provider × model × origin kind × status, kept by
//! ledger triggers for each time zone offset in use (`zones`). Keying by offset rather than by UTC hour makes
//! every offset exact, half-hour and 45-minute ones included, and keeps a 90-day report to ~13,000 rollup rows
//! where hourly rows would be ~150,000. The first report at an offset not yet kept writes: it backfills that
//! offset (about a second per million ledger rows). Budgets read `usage_spend_hourly` (UTC hours).
//!
//! Every figure is exact for any [from, to): a day (or hour) the range cuts through is read from the ledger
//! when it has calls outside the range. Only percentiles are approximate (`histogram`: within 10%).
//! Unpriced calls (`cost: None`) are counted apart, never added as 0.

mod cells;
mod daily;
mod days;
mod export;
mod filter;
pub mod histogram;
mod log;
mod raw;
mod retention;
mod spend;
mod types;
mod usage;
mod zones;

pub use cells::{raw as raw_cells, rollup as rollup_cells, Cell};
pub use daily::daily;
pub use days::{day_label, day_start_ms, local_day};
pub use export::{export, ExportRecord, HEADER as EXPORT_HEADER};
pub use log::{by_trace, log_page};
pub use retention::delete_before;
pub use spend::spent_usd_micros;
pub use types::*;
pub use usage::usage_report;
pub use zones::{ensure as ensure_zone, kept as kept_zones, MAX_ZONES};
