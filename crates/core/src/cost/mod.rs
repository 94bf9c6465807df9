//! What calls cost: prices, money, budgets, the meter that writes every ledger row, metrics, the usage reports, and
//! counting tokens when an upstream does not report them.

pub mod budget_book;
pub mod budgets;
pub mod meter;
pub mod metrics;
pub mod money;
pub mod pricing;
pub mod report;
pub mod tokens;
