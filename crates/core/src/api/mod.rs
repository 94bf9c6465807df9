//! The facade, one file per domain: each an `impl Core` block of few-line methods over the rooms below.

mod access;
mod audit;
mod cache;
mod chat;
mod compare;
mod conversations;
mod declared;
mod export_file;
#[cfg(feature = "faults")]
mod faults;
mod feedback;
mod providers;
pub mod queue;
mod routes;
mod settings;
mod updates;
mod usage;
mod workflow_history;
mod workflows;
