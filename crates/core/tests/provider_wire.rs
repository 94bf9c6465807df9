//! Provider behaviour that needs exact control of the upstream's bytes and timing.

mod support;

use std::time::Duration;

use futures::StreamExt;
use support::raw_upstream::{serve_forever, serve_in_pieces, serve_then_stall};
use switchyard_core::ir::{ChatRequest, Message, Role, StreamChunk};
use switchyard_core::providers::http::Endpoint;
use switchyard_core::providers::openai_compat::OpenAiCompat;
use switchyard_core::providers::{Deadlines, Provider};
use switchyard_core::ErrorCategory;

fn provider(base_url: &str, deadlines: Deadlines) -> OpenAiCompat {
    let endpoint = Endpoint { base_url: base_url.to_owned(), api_key: None, extra_headers: vec![] };
    OpenAiCompat::new(reqwest::Client::new(), endpoint, deadlines).unwrap()
}

fn ask() -> ChatRequest {
    ChatRequest { model: "m".into(), messages: vec![Message::text(Role::User, "hi")], ..Default::default() }
}

#[tokio::test]
async fn dropping_the_stream_closes_the_connection() {
    let served = serve_forever(Duration::from_millis(20), Duration::from_secs(20));
    let p = provider(&served.base_url, Deadlines::default());
    let mut stream = p.stream(&ask()).await.unwrap();
    let mut deltas = 0;
    while let Some(chunk) = stream.next().await {
        if let StreamChunk::TextDelta(_) = chunk.unwrap() {
            deltas += 1;
            if deltas == 3 {
                break;
            }
        }
    }
    drop(stream);
    let report = tokio::task::spawn_blocking(move || served.handle.join().unwrap()).await.unwrap();
    let gone =
        report.client_gone_after.expect("the upstream kept writing into an open connection: cancel did not close it");
    assert!(gone < Duration::from_secs(20));
}

#[tokio::test]
async fn a_silent_stream_hits_the_idle_deadline() {
    let served = serve_then_stall(Duration::from_secs(5));
    let deadlines = Deadlines { idle: Duration::from_millis(300), ..Deadlines::default() };
    let p = provider(&served.base_url, deadlines);
    let mut stream = p.stream(&ask()).await.unwrap();
    let mut error = None;
    while let Some(item) = stream.next().await {
        if let Err(e) = item {
            error = Some(e);
            break;
        }
    }
    let e = error.expect("silence past the idle deadline must end the stream with an error");
    assert_eq!((e.category, e.code.as_str()), (ErrorCategory::Timeout, "provider_timeout"));
}

#[tokio::test]
async fn invalid_base_urls_and_headers_are_refused_up_front() {
    let bad = Endpoint { base_url: "ftp://example".into(), api_key: None, extra_headers: vec![] };
    assert_eq!(
        OpenAiCompat::new(reqwest::Client::new(), bad, Deadlines::default()).err().unwrap().code,
        "invalid_base_url"
    );
    let bad_header = Endpoint {
        base_url: "http://127.0.0.1:1/v1".into(),
        api_key: None,
        extra_headers: vec![("bad name".into(), "v".into())],
    };
    assert_eq!(bad_header.headers(switchyard_core::providers::http::Auth::Bearer).unwrap_err().code, "invalid_header");
}

#[tokio::test]
async fn a_clean_close_before_the_end_is_a_truncation_error() {
    let body = b"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Half an\"}}]}\n\n".to_vec();
    let served = serve_in_pieces(body, vec![4], Duration::ZERO);
    let p = provider(&served.base_url, Deadlines::default());
    let mut stream = p.stream(&ask()).await.unwrap();
    let mut text = String::new();
    let mut error = None;
    while let Some(item) = stream.next().await {
        match item {
            Ok(StreamChunk::TextDelta(t)) => text.push_str(&t),
            Ok(_) => {}
            Err(e) => error = Some(e),
        }
    }
    assert_eq!(text, "Half an");
    assert_eq!(error.expect("no [DONE] and no finish_reason: truncated").code, "upstream_stream_truncated");
}

#[tokio::test]
async fn a_stream_that_never_ends_hits_the_total_deadline() {
    // A chunk every 20 ms forever: never idle, so only the total deadline can end it.
    let served = serve_forever(Duration::from_millis(20), Duration::from_secs(20));
    let deadlines =
        Deadlines { total: Duration::from_millis(400), idle: Duration::from_secs(5), ..Deadlines::default() };
    let p = provider(&served.base_url, deadlines);
    let started = std::time::Instant::now();
    let mut stream = p.stream(&ask()).await.unwrap();
    let mut deltas = 0;
    let mut error = None;
    while let Some(item) = stream.next().await {
        match item {
            Ok(StreamChunk::TextDelta(_)) => deltas += 1,
            Ok(_) => {}
            Err(e) => error = Some(e),
        }
    }
    let e = error.expect("the total deadline must end the stream with an error");
    assert_eq!(e.category, ErrorCategory::Timeout);
    assert!(e.message.contains("total deadline"), "{}", e.message);
    assert!(deltas > 3, "chunks flowed before the deadline");
    assert!(started.elapsed() < Duration::from_secs(3));
}

/// A whole answer, or one streamed event, past the memory cap ends the call with `answer_too_large`; under it,
/// nothing changes.
#[tokio::test]
async fn answers_past_the_memory_cap_end_in_an_error_instead_of_growing() {
    use support::capture::{Capture, Reply};
    let padding = "x".repeat(8 * 1024);
    let whole = format!(
        r#"{{"choices":[{{"index":0,"message":{{"role":"assistant","content":"{padding}"}},"finish_reason":"stop"}}]}}"#
    );
    let endless_event = format!("data: {{\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{padding}");
    let upstream = Capture::start(move |r| {
        if r.body["stream"] == true {
            Reply::sse(endless_event.clone())
        } else {
            Reply::json(whole.clone())
        }
    });
    let small = Deadlines { max_answer_bytes: 4 * 1024, ..Deadlines::default() };
    let p = provider(&upstream.base_url, small);
    let e = p.complete(&ask()).await.unwrap_err();
    assert_eq!((e.code.as_str(), e.retriable), ("answer_too_large", false));
    assert!(e.message.contains("4 KB"), "{}", e.message);
    let mut stream = p.stream(&ask()).await.unwrap();
    let mut error = None;
    while let Some(item) = stream.next().await {
        if let Err(e) = item {
            error = Some(e);
        }
    }
    assert_eq!(error.expect("the stream ends in an error").code, "answer_too_large");

    let roomy = provider(&upstream.base_url, Deadlines { max_answer_bytes: 64 * 1024, ..Deadlines::default() });
    assert_eq!(roomy.complete(&ask()).await.unwrap().text().len(), 8 * 1024);
}
