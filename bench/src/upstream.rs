//! A fast mock upstream speaking OpenAI Chat Completions, whole and streamed, with fixed answers. A prompt that
//! begins with `bench-chunks=N ` is answered with a stream of N content chunks (see `long_stream`).

use axum::body::Body;
use axum::response::Response;
use axum::routing::post;
use axum::serve::ListenerExt;
use bytes::Bytes;

const ANSWER: &str = r#"{"id":"chatcmpl-bench","object":"chat.completion","created":1,"model":"bench","choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the bench upstream."},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":7,"total_tokens":16}}"#;

/// Asks for a stream of N chunks when it starts the prompt (the number follows it, then a space).
pub const CHUNKS_MARKER: &str = "bench-chunks=";

const CHUNK: &str = "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok \"},\"finish_reason\":null}]}\n\n";
const FINISH: &str = "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";

fn stream_body() -> String {
    let mut s = String::new();
    for word in ["Hello", " from", " the", " bench", " upstream."] {
        s.push_str(&format!("data: {{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"bench\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{word}\"}},\"finish_reason\":null}}]}}\n\n"));
    }
    s.push_str("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":7,\"total_tokens\":16}}\n\ndata: [DONE]\n\n");
    s
}

/// The N of `bench-chunks=N `. The marker opens the prompt, which serialised bodies put before anything long (their
/// keys are in alphabetical order, `messages` before `model` and `stream`), so a 100 KB body is not scanned.
fn asked_chunks(body: &[u8]) -> Option<usize> {
    let marker = CHUNKS_MARKER.as_bytes();
    let at = body.windows(marker.len()).position(|w| w == marker)? + marker.len();
    let digits = body[at..].iter().take_while(|b| b.is_ascii_digit()).count();
    std::str::from_utf8(&body[at..at + digits]).ok()?.parse().ok()
}

/// N chunks of `tok `, a finish chunk, a usage chunk with no choices, and `[DONE]`, each its own body frame and
/// written as fast as the reader takes them (no pacing).
fn long_stream(n: usize, prompt_bytes: usize) -> Body {
    let usage = format!(
        "data: {{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"bench\",\"choices\":[],\"usage\":{{\"prompt_tokens\":{p},\"completion_tokens\":{n},\"total_tokens\":{t}}}}}\n\ndata: [DONE]\n\n",
        p = prompt_bytes / 4,
        t = prompt_bytes / 4 + n
    );
    let chunks = std::iter::repeat_n(Bytes::from_static(CHUNK.as_bytes()), n)
        .chain([Bytes::from_static(FINISH.as_bytes()), Bytes::from(usage)])
        .map(Ok::<_, std::convert::Infallible>);
    Body::from_stream(futures::stream::iter(chunks))
}

async fn answer(body: Bytes) -> Response {
    let sse = |body| Response::builder().header("content-type", "text/event-stream").body(body).unwrap();
    if let Some(n) = asked_chunks(&body) {
        return sse(long_stream(n, body.len()));
    }
    let streamed = body.windows(13).any(|w| w == b"\"stream\":true");
    if streamed {
        sse(Body::from(stream_body()))
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
