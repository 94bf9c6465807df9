//! GET /v1/models: every model of every configured provider, as `<provider>/<model>` and by its own name.

use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use switchyard_core::store::access_keys::Scope;
use switchyard_core::Core;

use crate::auth::presented_key;
use crate::errors::{self, Dialect};

pub async fn list(State(core): State<Arc<Core>>, headers: HeaderMap) -> Response {
    let trace_id = switchyard_core::store::new_id();
    let result = async {
        core.authorize(presented_key(&headers), Scope::Models).await?;
        core.list_providers().await
    }
    .await;
    match result {
        Ok(providers) => {
            let data: Vec<_> = providers
                .iter()
                .flat_map(|p| {
                    p.models.iter().map(move |m| {
                        json!({ "id": format!("{}/{m}", p.name), "object": "model", "created": p.created_at / 1000,
                                "owned_by": p.name, "display_name": m })
                    })
                })
                .collect();
            axum::Json(json!({ "object": "list", "data": data })).into_response()
        }
        Err(e) => errors::response(Dialect::OpenAi, e, &trace_id),
    }
}
