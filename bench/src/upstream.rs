//! A fast mock upstream speaking OpenAI Chat Completions, whole and streamed, with fixed answers.

use axum::body::Body;
use axum::response::Response;
use axum::routing::post;
use axum::serve::ListenerExt;

const ANSWER: &str = r#"{"id":"chatcmpl-bench","object":"chat.completion","created":1,"model":"bench","choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the bench upstream."},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":7,"total_tokens":16}}"#;

fn stream_body() -> String {
    let mut s = String::new();
    for word in ["Hello", " from", " the", " bench", " upstream."] {
        s.push_str(&format!("data: {{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"bench\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{word}\"}},\"finish_reason\":null}}]}}\n\n"));
    }
    s.push_str("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":7,\"total_tokens\":16}}\n\ndata: [DONE]\n\n");
    s
}

async fn answer(body: bytes::Bytes) -> Response {
    let streamed = body.windows(13).any(|w| w == b"\"stream\":true");
    if streamed {
        Response::builder().header("content-type", "text/event-stream").body(Body::from(stream_body())).unwrap()
    } else {
        Response::builder().header("content-type", "application/json").body(Body::from(ANSWER)).unwrap()
    }
}

/// Serves on a free loopback port in this process; returns the port.
pub async fn start() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    let app = axum::Router::new().route("/v1/chat/completions", post(answer));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    port
}
