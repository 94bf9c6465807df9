//! What the shell keeps for the life of the window: the core, the gateway supervisor and the log file guard.

use std::path::PathBuf;
use std::sync::Arc;

use switchyard_core::logging::{self, LogGuard};
use switchyard_core::providers::Deadlines;
use switchyard_core::secrets::KeyringStore;
use switchyard_core::{log_dir, resolve_data_dir, Core, CoreConfig, Error};
use switchyard_gateway::supervisor::Supervisor;

pub struct AppState {
    pub core: Arc<Core>,
    pub gateway: Supervisor,
    _logs: Option<LogGuard>,
}

/// Why the data could not be opened (a damaged database, an update whose migration failed and was undone); the
/// window shows it instead of the app.
pub struct StartupFailure(pub Option<Error>);

/// How long gateway calls in flight may take to finish when the app quits.
const QUIT_GRACE: std::time::Duration = std::time::Duration::from_secs(5);

impl AppState {
    /// The app is quitting: the gateway takes no new calls and lets the running ones finish (briefly), and every
    /// ledger row is written before the process ends.
    pub async fn shut_down(&self) {
        if let Some(stopped) = self.gateway.shutdown(QUIT_GRACE).await {
            tracing::info!(?stopped, "gateway stopped for quit");
        }
        let unwritten = self.core.flush_ledger().await;
        if unwritten > 0 {
            tracing::error!(unwritten, "ledger rows could not be written before quitting");
        }
        self.core.flush_cache().await;
    }
}

pub fn open(platform_data_dir: PathBuf) -> Result<AppState, Error> {
    let data_dir = resolve_data_dir(platform_data_dir);
    let logs = logging::init(&log_dir(&data_dir)).ok();
    let config = CoreConfig {
        data_dir,
        secrets: Arc::new(KeyringStore::new()),
        deadlines: Deadlines::default(),
        router: Default::default(),
        clock: std::sync::Arc::new(switchyard_core::cost::budget_book::SystemClock),
        queue: Default::default(),
        change_source: switchyard_core::ChangeSource::App,
    };
    tauri::async_runtime::block_on(async {
        let core = Arc::new(Core::open(config).await?);
        // This process owns the data dir's queue: it recovers what a previous run left sending, then drains.
        core.start_queue().await?;
        let gateway = Supervisor::new(core.clone());
        let settings = core.get_settings().await?;
        gateway.apply(settings.gateway_enabled, settings.gateway_port).await;
        Ok(AppState { core, gateway, _logs: logs })
    })
}
