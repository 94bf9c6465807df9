//! Refuses requests whose Host or Origin is not loopback: a web page the user visits must not be able to reach
//! the gateway through DNS rebinding or a cross-site fetch.

use axum::extract::Request;
use axum::http::header::{HOST, ORIGIN};
use axum::middleware::Next;
use axum::response::Response;
use switchyard_core::{Error, ErrorCategory};

use crate::errors::{self, Dialect};

fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':')
            .map(|(h, port)| if port.chars().all(|c| c.is_ascii_digit()) { h } else { host })
            .unwrap_or(host)
    };
    matches!(name.to_ascii_lowercase().as_str(), "localhost" | "127.0.0.1" | "::1")
}

fn is_loopback_origin(origin: &str) -> bool {
    let rest = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://"));
    rest.is_some_and(is_loopback_host)
}

pub async fn loopback_only(request: Request, next: Next) -> Response {
    let (host, origin) = {
        let headers = request.headers();
        let get = |name| headers.get(name).and_then(|v: &axum::http::HeaderValue| v.to_str().ok()).map(str::to_owned);
        (get(HOST), get(ORIGIN))
    };
    let allowed = host.as_deref().is_none_or(is_loopback_host) && origin.as_deref().is_none_or(is_loopback_origin);
    if allowed {
        return next.run(request).await;
    }
    let trace_id = switchyard_core::store::new_id();
    tracing::warn!(trace_id, ?host, ?origin, "refused a non-loopback Host or Origin");
    let e = Error::new(
        ErrorCategory::Forbidden,
        "foreign_origin",
        "Switchyard's gateway only accepts requests from this computer.",
    );
    errors::response(Dialect::for_path(request.uri().path()), e, &trace_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_pass() {
        for ok in ["127.0.0.1:8765", "localhost", "LOCALHOST:1", "[::1]:8765", "127.0.0.1"] {
            assert!(is_loopback_host(ok), "{ok}");
        }
        for bad in ["evil.example:8765", "127.0.0.1.evil.example", "192.168.1.5:8765", "localhost.attacker.net"] {
            assert!(!is_loopback_host(bad), "{bad}");
        }
        assert!(is_loopback_origin("http://localhost:3000"));
        assert!(!is_loopback_origin("https://evil.example"));
        assert!(!is_loopback_origin("null"));
    }
}
