//! The caller's request as it came (body, beta header, what it would lose in the other dialect), kept so that an
//! upstream of the caller's own dialect gets it unchanged.

use axum::http::HeaderMap;
use bytes::Bytes;
use serde_json::Value;
use switchyard_core::ir::{Original, Wire};

/// `x-switchyard-strict: true` refuses, with a 400 naming them, any target that would lose fields of the request
/// (the route's own strict setting does the same).
pub const STRICT_HEADER: &str = "x-switchyard-strict";

/// The caller's request as it came, kept for an upstream of its own dialect.
pub fn original(dialect: Wire, body: &Bytes, parsed: &Value, headers: &HeaderMap, include_usage: bool) -> Original {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    Original {
        dialect,
        body: body.clone(),
        beta: header("anthropic-beta").filter(|b| !b.is_empty()).map(str::to_owned),
        include_usage,
        lost_crossing: lost_crossing(dialect, parsed, header("anthropic-beta").is_some()),
        strict: header(STRICT_HEADER).is_some_and(|v| v.eq_ignore_ascii_case("true") || v == "1"),
        seeded: parsed.get("seed").is_some_and(|s| !s.is_null()),
    }
}

fn lost_crossing(dialect: Wire, parsed: &Value, beta_header: bool) -> Vec<String> {
    let mut lost = switchyard_core::translate::fields::lost_crossing(dialect, parsed);
    if beta_header {
        lost.push("anthropic-beta (header)".into());
    }
    lost
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(headers: &[(&'static str, &'static str)]) -> Original {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, value.parse().unwrap());
        }
        let body = serde_json::json!({"model": "m", "messages": [], "top_k": 3});
        original(Wire::Anthropic, &Bytes::from_static(b"{}"), &body, &map, false)
    }

    #[test]
    fn a_seed_that_is_set_marks_the_request_seeded() {
        let seeded =
            |body: serde_json::Value| original(Wire::OpenAi, &Bytes::new(), &body, &HeaderMap::new(), false).seeded;
        assert!(seeded(serde_json::json!({"seed": 7})));
        assert!(!seeded(serde_json::json!({"seed": null})));
        assert!(!seeded(serde_json::json!({"temperature": 0})));
    }

    #[test]
    fn strict_is_asked_with_true_or_1_and_the_beta_header_is_kept_and_reported() {
        for (value, strict) in
            [("true", true), ("TRUE", true), ("1", true), ("false", false), ("0", false), ("yes", false)]
        {
            assert_eq!(with(&[(STRICT_HEADER, value)]).strict, strict, "{value}");
        }
        assert!(!with(&[]).strict);
        let beta = with(&[("anthropic-beta", "a,b")]);
        assert_eq!(beta.beta.as_deref(), Some("a,b"));
        assert_eq!(beta.lost_crossing, ["top_k", "anthropic-beta (header)"]);
        assert_eq!(with(&[]).lost_crossing, ["top_k"]);
    }
}
