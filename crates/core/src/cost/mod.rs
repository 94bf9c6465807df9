//! What calls cost: prices (pricing), money (money), and counting tokens when an upstream does not report them.

pub mod budget_book;
pub mod budgets;
pub mod meter;
pub mod metrics;
pub mod money;
pub mod pricing;
pub mod tokens;
