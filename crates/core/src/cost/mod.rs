//! What calls cost: prices (pricing), money (money), and counting tokens when an upstream does not report them.

pub mod money;
pub mod pricing;
pub mod tokens;
