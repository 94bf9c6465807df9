//! `/health`: 200 `ok` while calls are recorded; 200 `degraded` with the reason while ledger rows wait in memory
//! (the disk is full) or were dropped; 503 `refusing` while new calls are refused until they are written.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use switchyard_core::Core;

pub async fn health(State(core): State<Arc<Core>>) -> Response {
    let ledger = core.ledger_health();
    let refusing = core.ledger_admits().is_err();
    let status = match (&ledger.failing, ledger.dropped, refusing) {
        (_, _, true) => "refusing",
        (None, 0, false) => return axum::Json(json!({ "status": "ok" })).into_response(),
        _ => "degraded",
    };
    let reason = match &ledger.failing {
        Some(e) => format!("Usage records cannot be written: {}", e.message),
        None => format!("{} usage records were dropped while the disk was full.", ledger.dropped),
    };
    let body = json!({ "status": status, "reason": reason, "ledger": ledger });
    let code = if refusing { StatusCode::SERVICE_UNAVAILABLE } else { StatusCode::OK };
    (code, axum::Json(body)).into_response()
}
