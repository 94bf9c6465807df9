//! switchyard-gateway: the second door into `switchyard_core::Core`, an HTTP server bound to loopback only.
//! OpenAI (`/v1/chat/completions`) and Anthropic (`/v1/messages`) clients reach any configured provider through it.

mod anthropic;
mod auth;
pub mod config;
mod errors;
mod guard;
mod models;
mod openai;
mod respond;
pub mod supervisor;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;
use switchyard_core::Core;

/// The port the gateway listens on unless the user picks another.
pub const DEFAULT_PORT: u16 = switchyard_core::settings::DEFAULT_GATEWAY_PORT;

/// The gateway only ever binds to loopback: other machines must not reach a user's provider keys.
pub fn listen_addr(port: Option<u16>) -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, port.unwrap_or(DEFAULT_PORT)))
}

pub fn router(core: Arc<Core>) -> Router {
    Router::new()
        .route("/health", get(|| async { axum::Json(serde_json::json!({ "status": "ok" })) }))
        .route("/v1/models", get(models::list))
        .route("/v1/chat/completions", post(openai::chat_completions))
        .route("/v1/messages", post(anthropic::messages))
        .route("/v1/messages/count_tokens", post(anthropic::count_tokens))
        .layer(axum::middleware::from_fn(guard::loopback_only))
        .with_state(core)
}

/// Binds on 127.0.0.1 and serves until the returned task is aborted.
pub async fn serve(core: Arc<Core>, port: Option<u16>) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind(listen_addr(port)).await?;
    let addr = listener.local_addr()?;
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

    #[test]
    fn binds_to_loopback_on_the_default_or_chosen_port() {
        assert!(listen_addr(None).ip().is_loopback());
        assert_eq!(listen_addr(None).port(), DEFAULT_PORT);
        assert_eq!(listen_addr(Some(9000)).port(), 9000);
    }
}
