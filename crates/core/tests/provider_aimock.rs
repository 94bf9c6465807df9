//! The OpenAI-compatible provider against a real upstream someone else wrote (@copilotkit/aimock).

mod support;

use futures::StreamExt;
use support::{AiMock, AIMOCK_KEY};
use switchyard_core::ir::{ChatRequest, Message, Role, StopReason, StreamChunk, Usage};
use switchyard_core::providers::http::Endpoint;
use switchyard_core::providers::openai_compat::OpenAiCompat;
use switchyard_core::providers::{Deadlines, Provider};
use switchyard_core::secrets::Secret;
use switchyard_core::{Error, ErrorCategory};

fn provider(mock: &AiMock, key: &str) -> OpenAiCompat {
    let endpoint =
        Endpoint { base_url: mock.base_url.clone(), api_key: Some(Secret::new(key.to_owned())), extra_headers: vec![] };
    OpenAiCompat::new(reqwest::Client::new(), endpoint, Deadlines::default()).unwrap()
}

fn ask(text: &str) -> ChatRequest {
    ChatRequest { model: "gpt-4o-mini".into(), messages: vec![Message::text(Role::User, text)], ..Default::default() }
}

struct Collected {
    text: String,
    usage: Option<Usage>,
    stop: Option<StopReason>,
    started: bool,
    error: Option<Error>,
}

async fn collect(p: &OpenAiCompat, text: &str) -> Result<Collected, Error> {
    let mut stream = p.stream(&ask(text)).await?;
    let mut out = Collected { text: String::new(), usage: None, stop: None, started: false, error: None };
    while let Some(item) = stream.next().await {
        match item {
            Ok(StreamChunk::TextDelta(t)) => out.text.push_str(&t),
            Ok(StreamChunk::Usage(u)) => out.usage = Some(u),
            Ok(StreamChunk::Stop(r)) => out.stop = Some(r),
            Ok(StreamChunk::Start { .. }) => out.started = true,
            Ok(_) => {}
            Err(e) => {
                out.error = Some(e);
                break;
            }
        }
    }
    Ok(out)
}

#[tokio::test]
async fn streams_text_usage_and_stop_reason() {
    let mock = AiMock::start();
    let got = collect(&provider(&mock, AIMOCK_KEY), "hello").await.unwrap();
    assert!(got.error.is_none(), "{:?}", got.error);
    assert!(got.started);
    assert_eq!(got.text, "Hello from aimock! How can I help you today?");
    assert_eq!(got.stop, Some(StopReason::EndTurn));
    let usage = got.usage.expect("include_usage was asked, so usage must arrive");
    assert!(usage.input_tokens > 0 && usage.output_tokens > 0, "{usage:?}");
}

#[tokio::test]
async fn streams_multibyte_text_sent_one_character_per_chunk() {
    let mock = AiMock::start();
    let got = collect(&provider(&mock, AIMOCK_KEY), "请用中文").await.unwrap();
    assert_eq!(got.text, "你好！我可以用中文回答。");
}

#[tokio::test]
async fn completes_without_streaming_and_lists_models() {
    let mock = AiMock::start();
    let p = provider(&mock, AIMOCK_KEY);
    let answer = p.complete(&ask("hello")).await.unwrap();
    assert_eq!(answer.text(), "Hello from aimock! How can I help you today?");
    assert!(answer.usage.output_tokens > 0);
    let models = p.list_models().await.unwrap();
    assert!(!models.is_empty());
}

#[tokio::test]
async fn wrong_key_is_an_auth_error_that_is_not_retried() {
    let mock = AiMock::start();
    let p = provider(&mock, "sk-wrong-key-000000");
    let err = match p.stream(&ask("hello")).await {
        Err(e) => e,
        Ok(_) => panic!("a wrong key must fail before streaming"),
    };
    assert_eq!((err.category, err.code.as_str(), err.retriable), (ErrorCategory::Auth, "provider_auth_failed", false));
    assert_eq!(p.list_models().await.unwrap_err().category, ErrorCategory::Auth);
    assert!(!err.message.contains("sk-wrong"), "error echoes the key: {}", err.message);
}

#[tokio::test]
async fn rate_limit_and_server_errors_are_retriable_categories() {
    let mock = AiMock::start();
    let p = provider(&mock, AIMOCK_KEY);
    let e429 = p.stream(&ask("trigger 429")).await.err().expect("429 must fail");
    assert_eq!((e429.category, e429.retriable), (ErrorCategory::RateLimited, true));
    for text in ["trigger 500", "trigger 503"] {
        let e = p.stream(&ask(text)).await.err().expect("5xx must fail");
        assert_eq!(
            (e.category, e.code.as_str(), e.retriable),
            (ErrorCategory::Upstream, "provider_unavailable", true),
            "{text}"
        );
    }
}

/// aimock destroys the socket after a few chunks; depending on timing the reset is seen while opening or mid-body.
/// Either way it must be an error, never a short answer that looks complete.
#[tokio::test]
async fn a_connection_cut_mid_answer_ends_in_an_error_not_a_silent_success() {
    let mock = AiMock::start();
    let err = match collect(&provider(&mock, AIMOCK_KEY), "cut me off").await {
        Err(e) => e,
        Ok(got) => got.error.unwrap_or_else(|| panic!("a cut stream looked complete: {:?}", got.text)),
    };
    assert_eq!((err.category, err.retriable), (ErrorCategory::Upstream, true), "{err:?}");
}

#[tokio::test]
async fn unreachable_provider_is_a_connect_error() {
    let port = support::free_port();
    let endpoint = Endpoint { base_url: format!("http://127.0.0.1:{port}/v1"), api_key: None, extra_headers: vec![] };
    let p = OpenAiCompat::new(reqwest::Client::new(), endpoint, Deadlines::default()).unwrap();
    let err = p.stream(&ask("hello")).await.err().expect("nothing listens there");
    assert_eq!((err.category, err.retriable), (ErrorCategory::Connect, true));
}

/// A provider that accepted the connection and then reset it is reachable: an upstream failure (retriable), never
/// "could not connect, check the base URL". Deterministic stand-in for aimock's random cut point.
#[tokio::test]
async fn a_reset_connection_is_an_upstream_error_wherever_it_happens() {
    use support::raw_upstream::{serve_reset, ResetAt};
    for at in [ResetAt::Accept, ResetAt::Request, ResetAt::MidBody] {
        let endpoint = Endpoint { base_url: serve_reset(at), api_key: None, extra_headers: vec![] };
        let p = OpenAiCompat::new(reqwest::Client::new(), endpoint, Deadlines::default()).unwrap();
        let err = match p.stream(&ask("hello")).await {
            Err(e) => e,
            Ok(mut s) => loop {
                match s.next().await {
                    Some(Err(e)) => break e,
                    Some(Ok(_)) => continue,
                    None => panic!("{at:?}: a reset stream looked complete"),
                }
            },
        };
        assert_eq!(
            (err.category, err.code.as_str(), err.retriable),
            (ErrorCategory::Upstream, "provider_connection_lost", true),
            "{at:?}: {err:?}"
        );
        let err = p.complete(&ask("hello")).await.unwrap_err();
        assert_eq!(
            (err.category, err.code.as_str()),
            (ErrorCategory::Upstream, "provider_connection_lost"),
            "{at:?}: {err:?}"
        );
    }
}
