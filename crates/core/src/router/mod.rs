//! Which provider answers a model name sent by a gateway client.
//! So far: direct resolution. Routes (ordered targets, strategies, retries, breakers) are the next step here.

pub mod resolve;
