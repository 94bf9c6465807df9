//! What calls cost: money, counting tokens when an upstream does not report them, and the usage reports.

pub mod money;
pub mod report;
pub mod tokens;
