//! switchyard-gateway: the second door into `switchyard_core::Core`, an HTTP server bound to loopback only.
//! OpenAI (`/v1/chat/completions`) and Anthropic (`/v1/messages`) clients reach any configured provider through it.

mod anthropic;
mod auth;
mod cache;
pub mod config;
mod errors;
mod guard;
pub mod limits;
mod memory;
mod models;
mod openai;
mod original;
mod respond;
pub mod supervisor;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;
pub use limits::HttpLimits;
use switchyard_core::Core;

/// The port the gateway listens on unless the user picks another.
pub const DEFAULT_PORT: u16 = switchyard_core::settings::DEFAULT_GATEWAY_PORT;

/// The gateway only ever binds to loopback: other machines must not reach a user's provider keys.
pub fn listen_addr(port: Option<u16>) -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, port.unwrap_or(DEFAULT_PORT)))
}

/// The gateway's routes with the default [`HttpLimits`].
pub fn router(core: Arc<Core>) -> Router {
    router_with(core, &HttpLimits::default())
}

pub fn router_with(core: Arc<Core>, limits: &HttpLimits) -> Router {
    Router::new()
        .route("/health", get(|| async { axum::Json(serde_json::json!({ "status": "ok" })) }))
        .route("/metrics", get(metrics))
        .route("/v1/models", get(models::list))
        .route("/v1/models/{*id}", get(models::get))
        .route("/v1/chat/completions", post(openai::chat_completions))
        .route("/v1/messages", post(anthropic::messages))
        .route("/v1/messages/count_tokens", post(anthropic::count_tokens))
        .fallback(errors::no_such_endpoint)
        .method_not_allowed_fallback(errors::method_not_allowed)
        // `limits::enforce` has read the body already, within its own limit.
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn_with_state(*limits, limits::enforce))
        .layer(axum::middleware::from_fn(guard::loopback_only))
        .with_state(core)
}

/// Prometheus metrics. Like a local exporter it needs no access key: the gateway answers loopback only and refuses
/// foreign Origins, so only programs on this machine can read it, and it holds no secrets (counts, tokens and costs
/// by route, provider and model).
async fn metrics(axum::extract::State(core): axum::extract::State<Arc<Core>>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let content_type = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    ([(axum::http::header::CONTENT_TYPE, content_type)], core.metrics_text()).into_response()
}

/// Accepted connections send each write at once. With Nagle's algorithm on, a streamed answer's first event waits
/// for the client's delayed ACK of the headers: about 40 ms added to the time to first token.
fn without_send_delay(
    listener: tokio::net::TcpListener,
) -> impl axum::serve::Listener<Io = tokio::net::TcpStream, Addr = SocketAddr> {
    use axum::serve::ListenerExt;
    listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "could not turn off Nagle's algorithm on a gateway connection");
        }
    })
}

/// Binds on 127.0.0.1 and serves until the returned task is aborted.
pub async fn serve(core: Arc<Core>, port: Option<u16>) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind(listen_addr(port)).await?;
    let addr = listener.local_addr()?;
    let listener = without_send_delay(listener);
    tracing::info!(%addr, "gateway listening");
    let app = router(core);
    let task = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "gateway stopped");
        }
    });
    Ok((addr, task))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn accepted_connections_send_without_delay() {
        use axum::serve::Listener;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut listener = without_send_delay(listener);
        let _client = tokio::net::TcpStream::connect(addr).await.unwrap();
        let (accepted, _) = listener.accept().await;
        assert!(accepted.nodelay().unwrap());
    }

    #[test]
    fn binds_to_loopback_on_the_default_or_chosen_port() {
        assert!(listen_addr(None).ip().is_loopback());
        assert_eq!(listen_addr(None).port(), DEFAULT_PORT);
        assert_eq!(listen_addr(Some(9000)).port(), 9000);
    }
}
