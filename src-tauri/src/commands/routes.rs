use switchyard_core::router::route::Route;
use switchyard_core::Error;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn list_routes(state: State<'_, AppState>) -> Result<Vec<Route>, Error> {
    state.core.list_routes().await
}

#[tauri::command]
#[specta::specta]
pub async fn save_route(state: State<'_, AppState>, route: Route) -> Result<Route, Error> {
    state.core.save_route(route).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_route(state: State<'_, AppState>, name: String) -> Result<(), Error> {
    state.core.delete_route(&name).await
}
