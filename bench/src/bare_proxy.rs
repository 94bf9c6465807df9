//! The floor to compare the gateway against: a proxy that forwards the request bytes to the upstream and streams
//! the answer back, with the same HTTP stack (axum + reqwest, one thread) and nothing else — no parsing, no
//! translation, no routing, no ledger. What the gateway adds on top of this is Switchyard's own work.

use axum::body::Body;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use axum::serve::ListenerExt;
use bytes::Bytes;

#[derive(Clone)]
struct Upstream {
    client: reqwest::Client,
    url: reqwest::Url,
}

async fn forward(State(up): State<Upstream>, body: Bytes) -> Response {
    let answer = up
        .client
        .post(up.url.clone())
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("the bench upstream answers");
    let content_type = answer.headers().get("content-type").cloned();
    let mut response = Response::new(Body::from_stream(answer.bytes_stream()));
    if let Some(v) = content_type {
        response.headers_mut().insert("content-type", v);
    }
    response
}

pub async fn run(upstream_port: u16, port: u16) {
    let url = format!("http://127.0.0.1:{upstream_port}/v1/chat/completions").parse().unwrap();
    let state = Upstream { client: reqwest::Client::new(), url };
    let app = axum::Router::new().route("/v1/chat/completions", post(forward)).with_state(state);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.unwrap().tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, app).await.unwrap();
}
