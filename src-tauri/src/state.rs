//! What the shell keeps for the life of the window: the core and the log file guard.

use std::path::PathBuf;
use std::sync::Arc;

use switchyard_core::logging::{self, LogGuard};
use switchyard_core::providers::Deadlines;
use switchyard_core::secrets::KeyringStore;
use switchyard_core::{log_dir, resolve_data_dir, Core, CoreConfig};

pub struct AppState {
    pub core: Arc<Core>,
    _logs: Option<LogGuard>,
}

pub fn open(platform_data_dir: PathBuf) -> Result<AppState, Box<dyn std::error::Error>> {
    let data_dir = resolve_data_dir(platform_data_dir);
    let logs = logging::init(&log_dir(&data_dir)).ok();
    let config = CoreConfig { data_dir, secrets: Arc::new(KeyringStore::new()), deadlines: Deadlines::default() };
    let core = tauri::async_runtime::block_on(Core::open(config))?;
    Ok(AppState { core: Arc::new(core), _logs: logs })
}
