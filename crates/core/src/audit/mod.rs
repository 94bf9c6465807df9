//! The audit log: every change to providers, access keys, routes, budgets, price overrides and settings, with
//! where it came from and the subject's values before and after. Secrets never enter it: a provider's key shows only
//! as set or not, extra headers by name, an access key by its prefix.
//!
//! Rows are written in the same transaction as the change they describe (see `record`), so a change is never made
//! without its row, nor a row kept for a change that was rolled back. The table refuses UPDATE and DELETE.

mod change;
pub mod export;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use change::{access_key, budget, price_override, provider, route, settings, Change, ProviderKey};

/// Where a change came from. A `Core` is opened for one of them; a config file's reconcile is always `ConfigFile`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ChangeSource {
    /// The desktop app's window.
    #[default]
    App,
    /// `switchyard-gateway key …`
    Cli,
    /// `switchyard-gateway serve --config`
    ConfigFile,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Created,
    /// An access key whose secret the operator chose (a config file's environment variable).
    Imported,
    Updated,
    Deleted,
    Revoked,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    Provider,
    AccessKey,
    Route,
    Budget,
    PriceOverride,
    Settings,
}

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct AuditEntry {
    #[specta(type = specta_typescript::Number)]
    pub id: i64,
    /// Epoch milliseconds.
    #[specta(type = specta_typescript::Number)]
    pub at: i64,
    pub source: ChangeSource,
    pub action: AuditAction,
    pub subject_kind: SubjectKind,
    pub subject_id: String,
    pub subject_name: String,
    /// The subject's recorded fields before the change (None: it was created). For settings, only the fields
    /// that changed. Always a JSON object.
    #[specta(type = Option<specta_typescript::Unknown>)]
    pub old: Option<Value>,
    /// After the change (None: it was deleted).
    #[specta(type = Option<specta_typescript::Unknown>)]
    pub new: Option<Value>,
}

/// A page of the audit log, newest first; `next_before` is the `before_id` of the next page (None: last page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub next_before: Option<i64>,
}

/// Appends the row for `change`, if anything recorded changed. Call it on the transaction that makes the change.
pub fn record(conn: &rusqlite::Connection, source: ChangeSource, change: Option<Change>) -> crate::error::Result<()> {
    match change {
        Some(change) => crate::store::audit::append(conn, crate::store::now_ms(), source, &change),
        None => Ok(()),
    }
}
