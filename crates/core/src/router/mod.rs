//! Which provider answers a model name: routes (ordered targets and a strategy) with retries, fallback and circuit
//! breakers; or, when no route has that name, direct resolution to a provider that offers the model.

pub mod backoff;
pub mod breaker;
pub mod coalesce;
pub mod coalesce_whole;
pub mod execute;
pub mod fit;
pub mod resolve;
pub mod route;
