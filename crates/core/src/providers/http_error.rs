//! Maps transport failures and HTTP statuses to `core::Error`. The upstream body is logged (scrubbed), not returned.

use crate::error::{Error, ErrorCategory};
use crate::scrub::scrub;

pub fn from_status(status: u16, body: &str) -> Error {
    let upstream_message = upstream_message(body);
    tracing::warn!(status, body = %scrub(&truncate(body, 2000)), "upstream returned an error status");
    match status {
        401 | 403 => Error::new(
            ErrorCategory::Auth,
            "provider_auth_failed",
            format!("The provider rejected the API key (HTTP {status}). Check the key in Providers."),
        ),
        429 => Error::new(
            ErrorCategory::RateLimited,
            "provider_rate_limited",
            "The provider is rate limiting requests (HTTP 429). Wait a moment and try again.",
        ),
        404 => Error::new(
            ErrorCategory::NotFound,
            "provider_not_found",
            with_detail("The provider does not know this endpoint or model (HTTP 404).", upstream_message),
        ),
        400..=499 => Error::new(
            ErrorCategory::InvalidRequest,
            "provider_rejected_request",
            with_detail(&format!("The provider rejected the request (HTTP {status})."), upstream_message),
        ),
        _ => Error::new(
            ErrorCategory::Upstream,
            "provider_unavailable",
            format!("The provider failed to answer (HTTP {status}). Try again later."),
        ),
    }
}

pub fn from_transport(e: &reqwest::Error) -> Error {
    tracing::warn!(error = %scrub(&e.to_string()), "transport error");
    if e.is_timeout() {
        Error::new(ErrorCategory::Timeout, "provider_timeout", "The provider did not answer in time.")
    } else if e.is_connect() && !broke_after_connecting(e) {
        Error::new(
            ErrorCategory::Connect,
            "provider_unreachable",
            "Could not connect to the provider. Check the base URL and your network.",
        )
    } else {
        Error::new(ErrorCategory::Upstream, "provider_connection_lost", "The connection to the provider failed.")
    }
}

/// Whether the error shows a provider that was reached and then dropped the connection (reset, closed, cut short).
/// reqwest can report such a break as a connect error when it happens while a connection is being set up or
/// handed out, but the provider answered the handshake, so its address is right: it is an upstream failure.
fn broke_after_connecting(e: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(err) = source {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            if is_broken_connection(io.kind()) {
                return true;
            }
        }
        if let Some(h) = err.downcast_ref::<hyper::Error>() {
            if h.is_incomplete_message() || h.is_canceled() || h.is_closed() {
                return true;
            }
        }
        source = err.source();
    }
    false
}

fn is_broken_connection(kind: std::io::ErrorKind) -> bool {
    use std::io::ErrorKind::*;
    matches!(kind, ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof)
}

pub fn timeout(stage: &str) -> Error {
    Error::new(ErrorCategory::Timeout, "provider_timeout", format!("The provider did not answer in time ({stage})."))
}

/// A provider's own explanation (e.g. "model not found") is worth showing, once scrubbed and shortened.
fn upstream_message(body: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    let msg = v.pointer("/error/message").or_else(|| v.get("message")).and_then(|m| m.as_str())?;
    Some(truncate(&scrub(msg), 300))
}

fn with_detail(base: &str, detail: Option<String>) -> String {
    match detail {
        Some(d) if !d.is_empty() => format!("{base} {d}"),
        _ => base.to_owned(),
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        s.chars().take(max).collect::<String>() + "…"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_statuses_to_categories() {
        assert_eq!(from_status(401, "").category, ErrorCategory::Auth);
        assert!(!from_status(401, "").retriable);
        let rl = from_status(429, "");
        assert_eq!((rl.category, rl.retriable), (ErrorCategory::RateLimited, true));
        let up = from_status(503, "");
        assert_eq!(
            (up.category, up.retriable, up.code.as_str()),
            (ErrorCategory::Upstream, true, "provider_unavailable")
        );
        assert_eq!(from_status(400, "").category, ErrorCategory::InvalidRequest);
    }

    #[test]
    fn only_a_broken_connection_counts_as_reached() {
        use std::io::ErrorKind::*;
        for kind in [ConnectionReset, ConnectionAborted, BrokenPipe, UnexpectedEof] {
            assert!(is_broken_connection(kind), "{kind:?}");
        }
        for kind in [ConnectionRefused, TimedOut, NotFound, AddrNotAvailable] {
            assert!(!is_broken_connection(kind), "{kind:?}");
        }
    }

    #[test]
    fn never_echoes_a_key_from_the_upstream_body() {
        let e = from_status(400, r#"{"error":{"message":"Incorrect API key provided: sk-abcdef1234567890"}}"#);
        assert!(e.message.contains("Incorrect API key"));
        assert!(!e.message.contains("abcdef1234567890"), "{}", e.message);
    }
}
