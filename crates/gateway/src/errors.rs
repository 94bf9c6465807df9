//! Errors in the caller's own wire format, with the trace id; never a stack trace or an upstream body.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use switchyard_core::{Error, ErrorCategory};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    OpenAi,
    Anthropic,
}

impl Dialect {
    /// Anthropic clients call /v1/messages*; everything else answers like OpenAI.
    pub fn for_path(path: &str) -> Self {
        if path.starts_with("/v1/messages") {
            Dialect::Anthropic
        } else {
            Dialect::OpenAi
        }
    }

    /// For refusals made before a handler ran: the path, and on the shared /v1/models the `anthropic-version`
    /// header Anthropic's SDKs send (as models.rs answers).
    pub fn for_request(path: &str, headers: &axum::http::HeaderMap) -> Self {
        match Self::for_path(path) {
            Dialect::OpenAi if path.starts_with("/v1/models") && headers.contains_key("anthropic-version") => {
                Dialect::Anthropic
            }
            dialect => dialect,
        }
    }
}

/// How long a caller is told to wait when no target could be reached and the error names no time of its own.
pub const UNREACHABLE_RETRY_AFTER: std::time::Duration = std::time::Duration::from_secs(5);

/// Every target unreachable (or cut off by its circuit), or no room to record the call: the gateway is up but
/// cannot serve this now.
fn unavailable(e: &Error) -> bool {
    e.category == ErrorCategory::Connect || e.code == "circuit_open" || e.code == "ledger_full"
}

pub fn status(e: &Error) -> StatusCode {
    if unavailable(e) {
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    match e.category {
        ErrorCategory::InvalidRequest => StatusCode::BAD_REQUEST,
        ErrorCategory::Auth => StatusCode::UNAUTHORIZED,
        ErrorCategory::Forbidden => StatusCode::FORBIDDEN,
        ErrorCategory::NotFound => StatusCode::NOT_FOUND,
        ErrorCategory::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorCategory::Timeout => StatusCode::GATEWAY_TIMEOUT,
        ErrorCategory::Connect | ErrorCategory::Upstream => StatusCode::BAD_GATEWAY,
        ErrorCategory::Cancelled => StatusCode::REQUEST_TIMEOUT,
        ErrorCategory::Budget => StatusCode::PAYMENT_REQUIRED,
        ErrorCategory::Storage | ErrorCategory::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn anthropic_type(e: &Error) -> &'static str {
    match e.category {
        ErrorCategory::InvalidRequest => "invalid_request_error",
        ErrorCategory::Auth => "authentication_error",
        ErrorCategory::Forbidden => "permission_error",
        ErrorCategory::NotFound => "not_found_error",
        ErrorCategory::RateLimited => "rate_limit_error",
        ErrorCategory::Upstream | ErrorCategory::Connect | ErrorCategory::Timeout => "overloaded_error",
        ErrorCategory::Budget => "billing_error",
        _ => "api_error",
    }
}

fn openai_type(e: &Error) -> &'static str {
    match e.category {
        ErrorCategory::InvalidRequest | ErrorCategory::NotFound => "invalid_request_error",
        ErrorCategory::Auth => "authentication_error",
        ErrorCategory::Forbidden => "permission_error",
        ErrorCategory::RateLimited => "rate_limit_error",
        ErrorCategory::Budget => "insufficient_quota",
        _ => "server_error",
    }
}

/// Any path the gateway does not serve: a JSON error in the caller's format, never an empty 404.
pub async fn no_such_endpoint(uri: axum::http::Uri) -> Response {
    let e = Error::new(
        ErrorCategory::NotFound,
        "no_such_endpoint",
        format!(
            "The gateway has no endpoint {}. It serves /v1/chat/completions, /v1/messages and /v1/models.",
            uri.path()
        ),
    );
    response(Dialect::for_path(uri.path()), e, &switchyard_core::store::new_id())
}

pub async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> Response {
    let e = Error::invalid("method_not_allowed", format!("{} is not allowed on {}.", method, uri.path()));
    with_status(Dialect::for_path(uri.path()), e, StatusCode::METHOD_NOT_ALLOWED)
}

/// A refusal whose status is not the one its category maps to (405, 413, 431).
pub fn with_status(dialect: Dialect, e: Error, status: StatusCode) -> Response {
    let mut r = response(dialect, e, &switchyard_core::store::new_id());
    *r.status_mut() = status;
    r
}

pub fn response(dialect: Dialect, e: Error, trace_id: &str) -> Response {
    // The last door: a message built from an upstream's words (or its URL) never carries a key out.
    let e = Error { message: switchyard_core::scrub::scrub(&e.message).into_owned(), ..e };
    let body = match dialect {
        Dialect::OpenAi => json!({ "error": {
            "message": e.message, "type": openai_type(&e), "code": e.code, "param": null, "trace_id": trace_id } }),
        Dialect::Anthropic => json!({ "type": "error", "error": { "type": anthropic_type(&e), "message": e.message },
            "code": e.code, "trace_id": trace_id }),
    };
    let retry_after = e.retry_after.or(unavailable(&e).then_some(UNREACHABLE_RETRY_AFTER));
    let mut response = (status(&e), axum::Json(body)).into_response();
    if let Ok(v) = trace_id.parse() {
        response.headers_mut().insert(super::respond::TRACE_HEADER, v);
    }
    // Whole seconds, rounded up: the SDKs' own retry loops read it.
    if let Some(after) = retry_after {
        let seconds = after.as_millis().div_ceil(1000).clamp(1, u64::MAX as u128) as u64;
        response.headers_mut().insert(axum::http::header::RETRY_AFTER, seconds.into());
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_model_list_answers_anthropic_clients_by_their_header() {
        let mut anthropic = axum::http::HeaderMap::new();
        anthropic.insert("anthropic-version", "2023-06-01".parse().unwrap());
        let none = axum::http::HeaderMap::new();
        assert_eq!(Dialect::for_request("/v1/models", &anthropic), Dialect::Anthropic);
        assert_eq!(Dialect::for_request("/v1/models/x", &none), Dialect::OpenAi);
        assert_eq!(Dialect::for_request("/v1/messages", &none), Dialect::Anthropic);
        assert_eq!(Dialect::for_request("/v1/chat/completions", &anthropic), Dialect::OpenAi);
    }

    #[tokio::test]
    async fn a_held_key_in_a_message_never_reaches_the_caller() {
        let key = "gatewaydoorheldkeywithoutdigits";
        switchyard_core::scrub::hold(key);
        for dialect in [Dialect::OpenAi, Dialect::Anthropic] {
            let e = Error::invalid("provider_rejected_request", format!("The provider said: bad key {key}."));
            let body = axum::body::to_bytes(response(dialect, e, "t-1").into_body(), 1 << 16).await.unwrap();
            let text = String::from_utf8(body.to_vec()).unwrap();
            assert!(text.contains("bad key [REDACTED]") && !text.contains(key), "{dialect:?}: {text}");
        }
    }
}
