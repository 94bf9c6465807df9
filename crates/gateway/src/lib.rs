//! switchyard-gateway: the second door into `switchyard_core::Core`, an HTTP server bound to loopback only.
//! OpenAI (`/v1/chat/completions`) and Anthropic (`/v1/messages`) clients reach any configured provider through it.

mod anthropic;
mod auth;
mod cache;
pub mod config;
mod errors;
mod guard;
mod health;
pub mod limits;
mod memory;
mod models;
mod openai;
mod original;
mod respond;
pub mod server;
pub mod supervisor;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;
pub use limits::HttpLimits;
pub use server::{ConnectionLimits, Cutter, Gateway, Stopped};
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
        .route("/health", get(health::health))
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
        .layer(axum::middleware::from_fn(memory::while_busy))
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

/// Binds on 127.0.0.1 and serves with the default connection limits until stopped.
pub async fn serve(core: Arc<Core>, port: Option<u16>) -> std::io::Result<Gateway> {
    serve_with(core, port, ConnectionLimits::default(), HttpLimits::default()).await
}

pub async fn serve_with(
    core: Arc<Core>,
    port: Option<u16>,
    connections: ConnectionLimits,
    http: HttpLimits,
) -> std::io::Result<Gateway> {
    let listener = tokio::net::TcpListener::bind(listen_addr(port)).await?;
    // hyper answers a head larger than its buffer itself, with a bare 431: keep it above the limit checked here.
    let connections = ConnectionLimits {
        max_buffer_bytes: connections.max_buffer_bytes.max(http.max_header_bytes * 2),
        ..connections
    };
    let gateway = server::start(listener, router_with(core, &http), connections).await?;
    tracing::info!(addr = %gateway.addr(), "gateway listening");
    Ok(gateway)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binds_to_loopback_on_the_default_or_chosen_port() {
        assert!(listen_addr(None).ip().is_loopback());
        assert_eq!(listen_addr(None).port(), DEFAULT_PORT);
        assert_eq!(listen_addr(Some(9000)).port(), 9000);
    }
}
