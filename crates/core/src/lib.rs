//! switchyard-core: everything the app is, with no Tauri and no HTTP server.
//! `Core` is the one facade: every UI command and every gateway handler calls a method on it (api/, one file per
//! domain); every call to a model goes through its one door (pipeline/).

pub mod access;
pub(crate) mod api;
pub mod audit;
pub mod cache;
pub mod chat;
pub mod cost;
mod data_watch;
pub mod declared;
pub mod error;
pub mod events;
pub mod ir;
pub mod ledger_writer;
pub mod logging;
pub mod origin;
pub mod ownership;
mod pipeline;
pub mod providers;
pub mod queue;
pub mod rate_limit;
pub mod router;
pub mod scrub;
pub mod secrets;
pub mod settings;
mod snapshot;
pub mod store;
pub mod translate;
pub mod workflow;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

pub use api::queue::QueueStatus;
pub use audit::ChangeSource;
pub use cache::{CacheClear, CacheDirective, CachePolicy, CacheStats, CacheUse};
pub use error::{Error, ErrorCategory, Result};
pub use origin::{Origin, OriginKind};
pub use pipeline::{Call, Destination};
pub use store::doctor::{doctor, DoctorReport};

use cost::budget_book::{BudgetBook, Clock, SystemClock};
use cost::meter::Books;
use ir::ChatResponse;
use providers::Deadlines;
use router::execute::{RouterState, Served};
use router::{coalesce, coalesce_whole};
use secrets::SecretStore;
use store::{messages, Store};

/// Environment variable that moves the whole data dir (database and logs), e.g. for tests.
pub const DATA_DIR_ENV: &str = "SWITCHYARD_DATA_DIR";

/// The data dir: `SWITCHYARD_DATA_DIR` if set, else the platform default the shell passes in.
pub fn resolve_data_dir(platform_default: PathBuf) -> PathBuf {
    std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()).map(PathBuf::from).unwrap_or(platform_default)
}

/// The response cache's file, in the data dir beside the database.
pub const CACHE_FILE: &str = "cache.sqlite";

pub fn log_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}

pub struct CoreConfig {
    pub data_dir: PathBuf,
    pub secrets: Arc<dyn SecretStore>,
    pub deadlines: Deadlines,
    pub router: RouterState,
    /// Budget windows' time and time zone; the system's unless a test sets its own.
    pub clock: Arc<dyn Clock>,
    /// How the offline queue drains; tests shorten its delays.
    pub queue: queue::QueueConfig,
    /// Where the changes made through this `Core` come from, for the audit log.
    pub change_source: ChangeSource,
}

impl CoreConfig {
    pub fn new(data_dir: PathBuf, secrets: Arc<dyn SecretStore>) -> Self {
        Self {
            data_dir,
            secrets,
            deadlines: Deadlines::default(),
            router: RouterState::default(),
            clock: Arc::new(SystemClock),
            queue: queue::QueueConfig::default(),
            change_source: ChangeSource::App,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct ConnectionTest {
    pub ok: bool,
    #[specta(type = specta_typescript::Number)]
    pub latency_ms: i64,
    pub model_count: u32,
    pub error: Option<Error>,
}

pub struct Core {
    store: Store,
    secrets: Arc<dyn SecretStore>,
    http: reqwest::Client,
    deadlines: Deadlines,
    data_dir: PathBuf,
    in_flight: Mutex<HashMap<String, CancellationToken>>,
    router: RouterState,
    snapshot: Arc<snapshot::Snapshot>,
    books: Arc<Books>,
    coalescer: Arc<coalesce::Coalescer>,
    whole_coalescer: coalesce_whole::WholeCoalescer<Result<(ChatResponse, Served)>>,
    cache: Arc<cache::ResponseCache>,
    queue: Arc<queue::dispatcher::QueueRoom>,
    change_source: ChangeSource,
    /// Held for the life of the Core by the process that owns the data dir (ownership.rs).
    owner: Option<ownership::OwnerLock>,
    /// Held once this Core's queue started: one dispatcher per data dir.
    queue_lock: std::sync::OnceLock<ownership::OwnerLock>,
    /// Stops the watch for other processes' changes (data_watch.rs) with the Core.
    _data_watch: tokio_util::sync::DropGuard,
    #[cfg_attr(not(test), allow(dead_code))]
    data_watch_seen: data_watch::Seen,
}

impl Core {
    pub async fn open(config: CoreConfig) -> Result<Self> {
        std::fs::create_dir_all(&config.data_dir)?;
        let owner = ownership::claim(&config.data_dir);
        let db_path = config.data_dir.join(store::DB_FILE);
        let store = tokio::task::spawn_blocking(move || Store::open(&db_path))
            .await
            .map_err(|e| Error::internal(format!("opening the database failed: {e}")))??;
        // Streaming answers are the owner's live work while it runs; only a new owner finds them left by a crash.
        if owner.is_some() {
            let interrupted = store.call(|c| messages::mark_interrupted(c)).await?;
            if interrupted > 0 {
                tracing::warn!(interrupted, "answers left streaming by the previous run were marked interrupted");
            }
            let runs = store.call(|c| store::workflows::mark_interrupted(c, store::now_ms())).await?;
            if runs > 0 {
                tracing::warn!(runs, "workflow runs left running by the previous run were marked interrupted");
            }
        } else {
            tracing::info!("another process owns this data dir; opened without crash recovery");
        }
        let http = reqwest::Client::builder()
            .connect_timeout(config.deadlines.connect)
            .user_agent(concat!("switchyard/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::internal(format!("http client: {e}")))?;
        tracing::info!(data_dir = %config.data_dir.display(), "core opened");
        let events = events::Events::start();
        let budgets = BudgetBook::new(store.clone(), events.clone(), config.clock.clone());
        let saved_settings = store.call(|c| settings::load(c)).await?;
        let ledger_health = Arc::new(ledger_writer::Health::new(
            saved_settings.ledger_buffer_rows as usize,
            saved_settings.ledger_when_full,
        ));
        let ledger = ledger_writer::start(store.clone(), events.clone(), ledger_health.clone());
        let pricer = cost::pricing::Pricer::new(
            store.call(|c| store::prices::list(c)).await?,
            settings::exchange_rates(&saved_settings),
        );
        let cache = cache::ResponseCache::open(
            &config.data_dir.join(CACHE_FILE),
            cache::Limits::from_settings(&saved_settings),
        )
        .await?;
        let queue = Arc::new(queue::dispatcher::QueueRoom::new(config.queue, events.clone()));
        let books = Arc::new(Books::new(
            ledger,
            pricer,
            budgets,
            events,
            ledger_health,
            rate_limit::RateLimiter::new(config.clock.clone()),
        ));
        let coalescer = Arc::new(coalesce::Coalescer::new(config.router.replay_bytes));
        let (cache, snapshot) = (Arc::new(cache), Arc::<snapshot::Snapshot>::default());
        let (data_watch, data_watch_seen) = data_watch::spawn(data_watch::Watched {
            store: store.clone(),
            snapshot: snapshot.clone(),
            books: books.clone(),
            cache: cache.clone(),
        })
        .await?;
        Ok(Self {
            store,
            secrets: config.secrets,
            http,
            deadlines: config.deadlines,
            data_dir: config.data_dir,
            in_flight: Mutex::new(HashMap::new()),
            router: config.router,
            snapshot,
            books,
            coalescer,
            whole_coalescer: Default::default(),
            cache,
            queue,
            change_source: config.change_source,
            owner,
            queue_lock: Default::default(),
            _data_watch: data_watch,
            data_watch_seen,
        })
    }

    /// Whether this Core holds the data dir's ownership lock: the first process to open it (the app, or a
    /// headless gateway started alone). Only the owner marks answers a crash left streaming as interrupted.
    pub fn owns_data_dir(&self) -> bool {
        self.owner.is_some()
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub(crate) fn store(&self) -> &Store {
        &self.store
    }
}
