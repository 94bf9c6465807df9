//! The one error every caller sees: over IPC, and later over HTTP.
//! Module errors convert into it at their edges; it never carries a provider's raw body or a stack trace.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCategory {
    /// The caller sent something unusable (bad id, empty message, malformed config).
    InvalidRequest,
    /// The provider refused the credentials (401/403) or none are stored.
    Auth,
    /// The provider asked us to slow down (429).
    RateLimited,
    /// The provider failed (5xx) or answered something we could not read.
    Upstream,
    /// The provider did not answer in time.
    Timeout,
    /// The provider could not be reached at all.
    Connect,
    /// The credentials are fine but may not do this (a gateway key without the scope, a foreign Origin).
    Forbidden,
    /// The thing asked for does not exist.
    NotFound,
    /// The caller stopped the request.
    Cancelled,
    /// Local storage or keychain failed.
    Storage,
    /// A budget set to block is used up for its period.
    Budget,
    /// A bug or an unexpected state on our side.
    Internal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type, thiserror::Error)]
#[error("{code}: {message}")]
pub struct Error {
    /// Stable machine-readable code, e.g. `provider_auth_failed`.
    pub code: String,
    /// A readable sentence for a person; never contains secrets or raw upstream bodies.
    pub message: String,
    pub category: ErrorCategory,
    /// Whether the same request may succeed if tried again later.
    pub retriable: bool,
    /// Ties the error to the log lines of the request that produced it.
    pub trace_id: Option<String>,
    /// How long the upstream asked us to wait (Retry-After / retry-after-ms); used by retries, never sent.
    #[serde(skip)]
    #[specta(skip)]
    pub retry_after: Option<std::time::Duration>,
    /// Upstream calls made before a routed call gave up with this error; for the ledger, never sent.
    #[serde(skip)]
    #[specta(skip)]
    pub attempts: Option<u32>,
    /// The request is fine but this target cannot take it (its dialect or limits); a route moves to its next
    /// target instead of giving up. Never sent.
    #[serde(skip)]
    #[specta(skip)]
    pub target_specific: bool,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(category: ErrorCategory, code: &str, message: impl Into<String>) -> Self {
        let retriable = matches!(
            category,
            ErrorCategory::RateLimited | ErrorCategory::Upstream | ErrorCategory::Timeout | ErrorCategory::Connect
        );
        Self {
            code: code.to_owned(),
            message: message.into(),
            category,
            retriable,
            trace_id: None,
            retry_after: None,
            attempts: None,
            target_specific: false,
        }
    }

    /// A request this target cannot take; another target of the route may (see `target_specific`).
    pub fn unsupported_by_target(code: &str, message: impl Into<String>) -> Self {
        Self { target_specific: true, ..Self::invalid(code, message) }
    }

    pub fn invalid(code: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorCategory::InvalidRequest, code, message)
    }

    pub fn not_found(what: &str, id: &str) -> Self {
        Self::new(ErrorCategory::NotFound, &format!("{what}_not_found"), format!("No {what} with id {id}."))
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCategory::Internal, "internal", message)
    }

    pub fn cancelled() -> Self {
        Self::new(ErrorCategory::Cancelled, "cancelled", "The request was stopped.")
    }

    pub fn with_trace(mut self, trace_id: &str) -> Self {
        self.trace_id = Some(trace_id.to_owned());
        self
    }

    pub fn with_retriable(mut self, retriable: bool) -> Self {
        self.retriable = retriable;
        self
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        tracing::error!(error = %e, "sqlite error");
        Self::new(ErrorCategory::Storage, "storage_failed", "The local database could not complete the operation.")
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        tracing::error!(error = %e, "io error");
        let message = match e.kind() {
            std::io::ErrorKind::StorageFull => "The disk is full.".to_owned(),
            std::io::ErrorKind::PermissionDenied => "Permission denied writing local data.".to_owned(),
            kind => format!("A local file operation failed ({kind})."),
        };
        Self::new(ErrorCategory::Storage, "io_failed", message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_with_the_documented_fields() {
        let e = Error::new(ErrorCategory::RateLimited, "provider_rate_limited", "slow down").with_trace("t-1");
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["code"], "provider_rate_limited");
        assert_eq!(v["category"], "rate_limited");
        assert_eq!(v["retriable"], true);
        assert_eq!(v["trace_id"], "t-1");
        assert_eq!(v["message"], "slow down");
    }

    #[test]
    fn only_transient_categories_are_retriable() {
        assert!(!Error::new(ErrorCategory::Auth, "x", "").retriable);
        assert!(!Error::invalid("x", "").retriable);
        assert!(Error::new(ErrorCategory::Upstream, "x", "").retriable);
        assert!(Error::new(ErrorCategory::Timeout, "x", "").retriable);
    }
}
