//! The Host/Origin guard over real connections, with the header shapes reqwest will not send: a second Host or
//! Origin, a byte that is not ASCII, no Host at all (HTTP/1.0). Each is refused 403 in the caller's format.

mod harness;
mod raw;
#[path = "../../core/tests/support/mod.rs"]
mod support;

use harness::Gateway;
use support::capture::{Captured, Reply};

fn never(_: &Captured) -> Reply {
    Reply { status: 500, content_type: "application/json", body: "{}".into() }
}

/// A request with the given header lines (besides the key, the body and `Connection: close`).
fn request(version: &str, path: &str, key: &str, lines: &[&[u8]]) -> Vec<u8> {
    let body = r#"{"model":"oa/m","max_tokens":8,"messages":[{"role":"user","content":"hi"}]}"#;
    let mut out = format!("POST {path} HTTP/{version}\r\n").into_bytes();
    for line in lines {
        out.extend_from_slice(line);
        out.extend_from_slice(b"\r\n");
    }
    let rest = format!(
        "Authorization: Bearer {key}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    out.extend_from_slice(rest.as_bytes());
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_unreadable_or_missing_host_and_origin_are_refused_in_the_callers_format() {
    let gw = Gateway::start(never, never).await;
    let cases: [(&str, &[&[u8]], &str); 6] = [
        ("1.1", &[b"Host: 127.0.0.1", b"Host: evil.example"], "header_repeated"),
        ("1.1", &[b"Host: 127.0.0.1", b"Host: 127.0.0.1"], "header_repeated"),
        ("1.1", &[b"Host: 127.0.0.1", b"Origin: http://localhost", b"Origin: https://evil.example"], "header_repeated"),
        ("1.1", &[b"Host: localhost\xe9"], "header_unreadable"),
        ("1.1", &[b"Host: 127.0.0.1", b"Origin: http://evil\xff.example"], "header_unreadable"),
        ("1.0", &[], "host_missing"),
    ];
    for (version, lines, code) in cases {
        for path in ["/v1/chat/completions", "/v1/messages"] {
            let answer = raw::send(gw.addr, &request(version, path, &gw.key, lines), false).await;
            let (status, v, trace) = raw::json_of(&answer);
            assert_eq!(status, 403, "{code} on {path}: {answer}");
            let (error_type, got_code, got_trace) = match path {
                "/v1/messages" => (&v["error"]["type"], &v["code"], &v["trace_id"]),
                _ => (&v["error"]["type"], &v["error"]["code"], &v["error"]["trace_id"]),
            };
            assert_eq!(error_type, "permission_error", "{path}: {v}");
            assert_eq!((got_code.as_str(), got_trace.as_str()), (Some(code), Some(trace.as_str())), "{path}: {v}");
        }
    }
    assert!(gw.oa.requests().is_empty(), "no refused request reached an upstream");
    // The same request with one loopback Host goes through (to an upstream that fails: not a refusal).
    let answer = raw::send(gw.addr, &request("1.1", "/v1/messages", &gw.key, &[b"Host: 127.0.0.1"]), false).await;
    assert!(!answer.starts_with("HTTP/1.1 403"), "{answer}");
    assert!(!gw.oa.requests().is_empty());
}
