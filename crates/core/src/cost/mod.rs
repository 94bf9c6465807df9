//! What calls cost. So far: counting tokens when an upstream does not report them.

pub mod money;
pub mod tokens;
