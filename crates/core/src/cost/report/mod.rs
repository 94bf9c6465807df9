//! Usage reports over the ledger: the dashboard's charts, the call log, exports, the daily report, spend for
//! budgets and retention. Charts read the `usage_daily` rollup (migration 9), which triggers keep per local
//! day for each time zone offset in use; budgets read `usage_spend_hourly`. Both are exact for any range: the
//! parts of a range the rollups cannot cover are read from the ledger.

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
