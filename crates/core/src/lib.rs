//! switchyard-core: everything the app is, with no Tauri and no HTTP server.
//! `Core` is the one facade: every UI command (and later every gateway handler) calls a method on it.

pub mod access;
pub mod chat;
pub mod cost;
pub mod error;
pub mod ir;
mod ledger_writer;
pub mod logging;
pub mod origin;
pub mod providers;
pub mod router;
pub mod scrub;
pub mod secrets;
pub mod settings;
mod snapshot;
pub mod store;
pub mod translate;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

pub use error::{Error, ErrorCategory, Result};

use chat::{ChatEvent, SendMessage, DEFAULT_TITLE};
use ir::{ChatRequest, ChatResponse};
use providers::presets::{Preset, PRESETS};
use providers::registry::{self, ProviderInput};
use providers::{ChunkStream, Deadlines, Provider};
use router::execute::{self, Breaking, RouterState, Served};
use router::route::{self, Route, RouteTarget, Strategy};
use router::{coalesce, coalesce_whole};
use secrets::SecretStore;
use store::access_keys::{AccessKey, Scope};
use store::conversations::{self, Conversation};
use store::ledger::{self, LedgerEntry};
use store::messages::{self, MessageRecord};
use store::providers::{self as provider_table, ProviderRecord};
use store::{new_id, now_ms, Store};

/// Environment variable that moves the whole data dir (database and logs), e.g. for tests.
pub const DATA_DIR_ENV: &str = "SWITCHYARD_DATA_DIR";

/// The data dir: `SWITCHYARD_DATA_DIR` if set, else the platform default the shell passes in.
pub fn resolve_data_dir(platform_default: PathBuf) -> PathBuf {
    std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()).map(PathBuf::from).unwrap_or(platform_default)
}

pub fn log_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}

pub struct CoreConfig {
    pub data_dir: PathBuf,
    pub secrets: Arc<dyn SecretStore>,
    pub deadlines: Deadlines,
    pub router: RouterState,
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
    snapshot: snapshot::Snapshot,
    ledger: tokio::sync::mpsc::UnboundedSender<ledger_writer::Message>,
    coalescer: Arc<coalesce::Coalescer>,
    whole_coalescer: coalesce_whole::WholeCoalescer<Result<(ChatResponse, Served)>>,
}

/// Where one call may go: the targets, the order to try them in, and whether circuit breakers apply.
pub(crate) struct Plan {
    strategy: Strategy,
    targets: Vec<RouteTarget>,
    breaking: Breaking,
    /// Refuse targets that would lose fields of a gateway request.
    strict: bool,
}

impl Core {
    pub async fn open(config: CoreConfig) -> Result<Self> {
        std::fs::create_dir_all(&config.data_dir)?;
        let db_path = config.data_dir.join("switchyard.sqlite");
        let store = tokio::task::spawn_blocking(move || Store::open(&db_path))
            .await
            .map_err(|e| Error::internal(format!("opening the database failed: {e}")))??;
        let interrupted = store.call(|c| messages::mark_interrupted(c)).await?;
        if interrupted > 0 {
            tracing::warn!(interrupted, "answers left streaming by the previous run were marked interrupted");
        }
        let http = reqwest::Client::builder()
            .connect_timeout(config.deadlines.connect)
            .user_agent(concat!("switchyard/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::internal(format!("http client: {e}")))?;
        tracing::info!(data_dir = %config.data_dir.display(), "core opened");
        let ledger = ledger_writer::start(store.clone());
        let coalescer = Arc::new(coalesce::Coalescer::new(config.router.replay_bytes));
        Ok(Self {
            store,
            secrets: config.secrets,
            http,
            deadlines: config.deadlines,
            data_dir: config.data_dir,
            in_flight: Mutex::new(HashMap::new()),
            router: config.router,
            snapshot: snapshot::Snapshot::default(),
            ledger,
            coalescer,
            whole_coalescer: Default::default(),
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    // ---- providers

    pub fn provider_presets(&self) -> Vec<Preset> {
        PRESETS.to_vec()
    }

    pub async fn list_providers(&self) -> Result<Vec<ProviderRecord>> {
        self.store.call(|c| provider_table::list(c)).await
    }

    pub async fn save_provider(&self, input: ProviderInput) -> Result<ProviderRecord> {
        self.snapshot.providers_changed();
        registry::save(&self.store, &self.secrets, input).await
    }

    pub async fn delete_provider(&self, id: &str) -> Result<()> {
        self.snapshot.providers_changed();
        registry::delete(&self.store, &self.secrets, id).await
    }

    /// A ready client for a provider, built once and kept until providers change.
    pub(crate) async fn provider_client(&self, id: &str) -> Result<(ProviderRecord, Arc<dyn Provider>)> {
        if let Some(hit) = self.snapshot.client(id) {
            return Ok(hit);
        }
        let built = registry::client(&self.store, &self.secrets, &self.http, self.deadlines, id).await?;
        self.snapshot.keep_client(id, built.clone());
        Ok(built)
    }

    /// Fetches the provider's model list (GET /models) and remembers it.
    pub async fn refresh_models(&self, id: &str) -> Result<Vec<String>> {
        self.snapshot.providers_changed();
        let (_, provider) = self.provider_client(id).await?;
        let models = provider.list_models().await?;
        let (id, stored) = (id.to_owned(), models.clone());
        self.store.call(move |c| provider_table::set_models(c, &id, &stored, now_ms())).await?;
        Ok(models)
    }

    /// Sets the models a provider offers (from a config file, or picked by hand).
    pub async fn set_provider_models(&self, id: &str, models: Vec<String>) -> Result<()> {
        self.snapshot.providers_changed();
        let id = id.to_owned();
        self.store.call(move |c| provider_table::set_models(c, &id, &models, now_ms())).await
    }

    /// "Test connection": lists models with the stored key, remembers them, and reports how it went; an upstream
    /// problem is part of the report, not an error of the call.
    pub async fn test_provider(&self, id: &str) -> Result<ConnectionTest> {
        self.snapshot.providers_changed();
        let (_, provider) = self.provider_client(id).await?;
        let started = Instant::now();
        let result = provider.list_models().await;
        let latency_ms = started.elapsed().as_millis() as i64;
        match result {
            Ok(models) => {
                let model_count = models.len() as u32;
                let id = id.to_owned();
                self.store.call(move |c| provider_table::set_models(c, &id, &models, now_ms())).await?;
                Ok(ConnectionTest { ok: true, latency_ms, model_count, error: None })
            }
            Err(e) => Ok(ConnectionTest { ok: false, latency_ms, model_count: 0, error: Some(e) }),
        }
    }

    // ---- conversations

    pub async fn create_conversation(&self, title: Option<String>) -> Result<Conversation> {
        let now = now_ms();
        let conversation = Conversation {
            id: new_id(),
            title: title.filter(|t| !t.trim().is_empty()).unwrap_or_else(|| DEFAULT_TITLE.to_owned()),
            created_at: now,
            updated_at: now,
        };
        let saved = conversation.clone();
        self.store.call(move |c| conversations::insert(c, &saved)).await?;
        Ok(conversation)
    }

    pub async fn list_conversations(&self) -> Result<Vec<Conversation>> {
        self.store.call(|c| conversations::list(c)).await
    }

    pub async fn rename_conversation(&self, id: &str, title: &str) -> Result<Conversation> {
        let title = title.trim().to_owned();
        if title.is_empty() {
            return Err(Error::invalid("title_required", "A conversation needs a title."));
        }
        let id = id.to_owned();
        self.store
            .call(move |c| {
                conversations::rename(c, &id, &title, now_ms())?;
                conversations::get(c, &id)
            })
            .await
    }

    pub async fn delete_conversation(&self, id: &str) -> Result<()> {
        let id = id.to_owned();
        self.store.call(move |c| conversations::delete(c, &id)).await
    }

    pub async fn list_messages(&self, conversation_id: &str) -> Result<Vec<MessageRecord>> {
        let id = conversation_id.to_owned();
        self.store
            .call(move |c| {
                conversations::get(c, &id)?;
                messages::list(c, &id)
            })
            .await
    }

    // ---- chat

    /// Streams one answer into `sink`. Provider failures and stops are persisted and returned as the message's
    /// status; only problems that prevent the turn (bad input, unknown provider, missing key) are errors.
    pub async fn send_message(
        &self,
        input: SendMessage,
        sink: &(dyn Fn(ChatEvent) + Send + Sync),
    ) -> Result<MessageRecord> {
        chat::send::send(self, input, sink).await
    }

    /// Stops a streaming answer. Returns false when no such request is running.
    pub fn cancel(&self, request_id: &str) -> bool {
        match self.in_flight.lock().unwrap().get(request_id) {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }

    pub(crate) fn register_request(&self, request_id: &str) -> Result<CancellationToken> {
        let mut in_flight = self.in_flight.lock().unwrap();
        if in_flight.contains_key(request_id) {
            return Err(Error::invalid("duplicate_request_id", "A request with this id is already running."));
        }
        let token = CancellationToken::new();
        in_flight.insert(request_id.to_owned(), token.clone());
        Ok(token)
    }

    pub(crate) fn unregister_request(&self, request_id: &str) {
        self.in_flight.lock().unwrap().remove(request_id);
    }

    // ---- gateway

    pub async fn create_access_key(&self, name: &str, scopes: Vec<Scope>) -> Result<access::NewAccessKey> {
        self.snapshot.keys_changed();
        access::create(&self.store, name, scopes).await
    }

    pub async fn import_access_key(&self, name: &str, secret: &str, scopes: Vec<Scope>) -> Result<AccessKey> {
        self.snapshot.keys_changed();
        access::import(&self.store, name, secret, scopes).await
    }

    pub async fn list_access_keys(&self) -> Result<Vec<AccessKey>> {
        access::list(&self.store).await
    }

    pub async fn revoke_access_key(&self, id: &str) -> Result<()> {
        self.snapshot.keys_changed();
        access::revoke(&self.store, id).await
    }

    /// Checks a gateway access key. Keys already seen are answered from memory until keys change; the database
    /// is read (and `last_used_at` written) only on a miss.
    pub async fn authorize(&self, presented: Option<&str>, scope: Scope) -> Result<AccessKey> {
        if let Some(key) = presented.and_then(|p| self.snapshot.known_key(&store::access_keys::hash(p))) {
            return access::check_scope(key, scope);
        }
        let key = access::authorize(&self.store, presented, scope).await?;
        if let Some(p) = presented {
            self.snapshot.keep_key(store::access_keys::hash(p), key.clone());
        }
        Ok(key)
    }

    // ---- routes

    pub async fn list_routes(&self) -> Result<Vec<Route>> {
        self.store.call(|c| route::list(c)).await
    }

    pub async fn save_route(&self, r: Route) -> Result<Route> {
        self.snapshot.providers_changed();
        r.validate()?;
        let providers = self.list_providers().await?;
        if let Some(t) = r.targets.iter().find(|t| !providers.iter().any(|p| p.id == t.provider_id)) {
            return Err(Error::not_found("provider", &t.provider_id));
        }
        let saved = r.clone();
        self.store.call(move |c| route::upsert(c, &saved, now_ms())).await?;
        Ok(r)
    }

    pub async fn delete_route(&self, name: &str) -> Result<()> {
        self.snapshot.providers_changed();
        let name = name.to_owned();
        self.store.call(move |c| route::delete(c, &name)).await
    }

    /// The targets for a requested model: the route of that name, or the one provider that offers it.
    async fn plan(&self, requested: &str) -> Result<Plan> {
        let config = self.routing_config().await?;
        let (providers, routes) = &*config;
        if let Some(r) = routes.iter().find(|r| r.name == requested) {
            let (strategy, targets, strict) = (r.strategy, r.targets.clone(), r.strict);
            return Ok(Plan { strategy, targets, breaking: Breaking::Consult, strict });
        }
        let t = router::resolve::resolve(providers, requested)?;
        let targets = vec![RouteTarget { provider_id: t.provider_id, model: t.model, weight: 1 }];
        Ok(Plan { strategy: Strategy::Priority, targets, breaking: Breaking::Consult, strict: false })
    }

    /// Whether `requested` names a route or a model some provider offers.
    pub async fn knows_model(&self, requested: &str) -> Result<()> {
        self.plan(requested).await.map(|_| ())
    }

    /// A streamed answer along the route for `requested`, returned once its first content has arrived. Identical
    /// requests in flight together share one upstream call (the followers' `Served::attempts` is 0).
    pub async fn route_stream(&self, requested: &str, request: &ChatRequest) -> Result<(ChunkStream, Served)> {
        let key = coalesce::key(requested, request);
        loop {
            match self.coalescer.join(key) {
                coalesce::Joined::Follower(sub) => match sub.opened().await {
                    Some(Ok(served)) => {
                        return Ok((coalesce::subscribe(sub), Served { attempts: 0, ..served }));
                    }
                    Some(Err(e)) => return Err(e),
                    None => continue,
                },
                coalesce::Joined::Leader(leader) => {
                    let opened = self.open_stream(requested, request).await;
                    let served = opened.as_ref().map(|(_, s)| s.clone()).map_err(Clone::clone);
                    let sub = leader.publish(self.coalescer.clone(), key, opened);
                    return served.map(|s| (coalesce::subscribe(sub), s));
                }
            }
        }
    }

    async fn open_stream(&self, requested: &str, request: &ChatRequest) -> Result<(ChunkStream, Served)> {
        self.along_route(requested, request, execute::stream_started).await
    }

    /// A whole answer along the route for `requested`. Identical requests in flight together share one upstream
    /// call (the sharers' `Served::attempts` is 0).
    pub async fn route_complete(&self, requested: &str, request: &ChatRequest) -> Result<(ChatResponse, Served)> {
        let key = coalesce::key(requested, request);
        let call = || self.along_route(requested, request, execute::completed);
        match self.whole_coalescer.run(key, call).await {
            (outcome, coalesce_whole::Role::Made) => outcome,
            (outcome, coalesce_whole::Role::Shared) => outcome.map(|(r, s)| (r, Served { attempts: 0, ..s })),
        }
    }

    /// Runs `call` on the targets of the route for `requested`, each with its own model name.
    async fn along_route<T, F, Fut>(&self, requested: &str, request: &ChatRequest, call: F) -> Result<(T, Served)>
    where
        F: Fn(Arc<dyn Provider>, ChatRequest) -> Fut,
        Fut: std::future::Future<Output = (Arc<dyn Provider>, Result<T>)>,
    {
        let plan = self.plan(requested).await?;
        self.along(&plan, request, call).await
    }

    /// Providers and routes as last saved, from memory; read from the database only after they changed.
    async fn routing_config(&self) -> Result<Arc<(Vec<ProviderRecord>, Vec<Route>)>> {
        if let Some(config) = self.snapshot.config() {
            return Ok(config);
        }
        let loaded = self.store.call(|c| Ok((provider_table::list(c)?, route::list(c)?))).await?;
        Ok(self.snapshot.keep_config(loaded))
    }

    /// The targets a chat turn goes to; fails before anything is saved when the route or provider is unknown.
    pub(crate) async fn chat_plan(&self, target: &chat::ChatTarget) -> Result<Plan> {
        match target {
            chat::ChatTarget::Route { name } => {
                let config = self.routing_config().await?;
                let route = config.1.iter().find(|r| &r.name == name).ok_or_else(|| Error::not_found("route", name))?;
                Ok(Plan {
                    strategy: route.strategy,
                    targets: route.targets.clone(),
                    breaking: Breaking::Consult,
                    strict: route.strict,
                })
            }
            chat::ChatTarget::Model { provider_id, model } => {
                self.provider_client(provider_id).await?;
                let target = RouteTarget { provider_id: provider_id.clone(), model: model.clone(), weight: 1 };
                Ok(Plan {
                    strategy: Strategy::Priority,
                    targets: vec![target],
                    breaking: Breaking::Bypass,
                    strict: false,
                })
            }
        }
    }

    /// A streamed answer from the first target of `plan` (in its strategy's order) that starts one.
    pub(crate) async fn stream_along(&self, plan: &Plan, request: &ChatRequest) -> Result<(ChunkStream, Served)> {
        self.along(plan, request, execute::stream_started).await
    }

    async fn along<T, F, Fut>(&self, plan: &Plan, request: &ChatRequest, call: F) -> Result<(T, Served)>
    where
        F: Fn(Arc<dyn Provider>, ChatRequest) -> Fut,
        Fut: std::future::Future<Output = (Arc<dyn Provider>, Result<T>)>,
    {
        let ordered = self.router.order(plan.strategy, &plan.targets);
        let (call, over_limit, strict) = (&call, self.router.over_limit, plan.strict);
        self.router
            .run(
                ordered,
                plan.breaking,
                |t| async move { self.provider_client(&t.provider_id).await },
                |p, model| {
                    let fitted = router::fit::fit(request, &model, p.wire(), over_limit, strict);
                    async move {
                        match fitted {
                            Ok(fitted) => call(p, fitted).await,
                            Err(e) => (p, Err(e)),
                        }
                    }
                },
            )
            .await
    }

    // ---- ledger

    /// Queues one ledger row; rows are written in batches. A failure to write is logged, never passed on: the call
    /// itself succeeded or failed on its own terms.
    pub async fn record_call(&self, entry: LedgerEntry) {
        if self.ledger.send(ledger_writer::Message::Row(entry)).is_err() {
            tracing::error!("ledger writer stopped; a row was dropped");
        }
    }

    pub async fn recent_calls(&self, limit: u32) -> Result<Vec<LedgerEntry>> {
        self.flush_ledger().await;
        self.store.call(move |c| ledger::recent(c, limit)).await
    }

    /// Waits until every ledger row queued so far is in the database. Call before dropping `Core` on purpose (a
    /// restart, a shutdown): rows still in the batch would otherwise be written after, or not at all.
    pub async fn flush_ledger(&self) {
        let (done, written) = tokio::sync::oneshot::channel();
        if self.ledger.send(ledger_writer::Message::Flush(done)).is_ok() {
            let _ = written.await;
        }
    }

    // ---- settings

    pub async fn get_settings(&self) -> Result<settings::Settings> {
        self.store.call(|c| settings::load(c)).await
    }

    pub async fn update_settings(&self, new: settings::Settings) -> Result<settings::Settings> {
        self.store.call(move |c| settings::save(c, &new).map(|()| new)).await
    }
}
