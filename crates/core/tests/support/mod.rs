//! Test helpers: a real aimock upstream on a free loopback port, and paths to shared vectors.
#![allow(dead_code)]

pub mod capture;
pub mod echo_chat;
pub mod grammar;
pub mod priced;
pub mod queue;
pub mod raw_upstream;
pub mod workflow_run;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The key aimock is told to accept; any other key gets a real 401.
pub const AIMOCK_KEY: &str = "sk-test-aimock-0123456789";

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// ../shared/vectors beside the clone, if present.
pub fn shared_vectors() -> Option<PathBuf> {
    let dir = repo_root().join("../shared/vectors");
    dir.is_dir().then_some(dir)
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub struct AiMock {
    child: Child,
    pub base_url: String,
}

impl AiMock {
    /// Starts `@copilotkit/aimock` (installed by `npm ci` at the repo root) with this crate's fixtures.
    pub fn start() -> Self {
        Self::start_on(free_port())
    }

    /// On a given port: a test stops the mock and starts it again where its provider points.
    pub fn start_on(port: u16) -> Self {
        let cli = repo_root().join("node_modules/@copilotkit/aimock/dist/cli.js");
        assert!(
            cli.exists(),
            "aimock is not installed: run `npm ci` at the repository root ({} missing)",
            cli.display()
        );
        let fixtures = repo_root().join("crates/core/tests/fixtures/aimock.json");
        let child = Command::new("node")
            .arg(&cli)
            .args(["--port", &port.to_string(), "--host", "127.0.0.1", "--fixtures"])
            .arg(&fixtures)
            .args(["--log-level", "warn"])
            .env("AIMOCK_API_KEYS", AIMOCK_KEY)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("node must be installed to run aimock");
        let mock = AiMock { child, base_url: format!("http://127.0.0.1:{port}/v1") };
        mock.wait_ready(port);
        mock
    }

    fn wait_ready(&self, port: u16) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("aimock did not start listening on port {port} within 30 s");
    }
}

impl Drop for AiMock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A `Core` over `dir` with an in-memory secret store and default deadlines and routing.
pub async fn open_core(dir: &std::path::Path) -> switchyard_core::Core {
    switchyard_core::Core::open(switchyard_core::CoreConfig {
        data_dir: dir.to_owned(),
        secrets: std::sync::Arc::new(switchyard_core::secrets::MemorySecretStore::default()),
        deadlines: Default::default(),
        router: Default::default(),
        clock: std::sync::Arc::new(switchyard_core::cost::budget_book::SystemClock),
        queue: Default::default(),
        change_source: Default::default(),
    })
    .await
    .expect("open core")
}

/// A `Core` like `open_core`'s, with its own queue delays and no retries within a turn (one request per attempt).
pub async fn open_core_with_queue(
    dir: &std::path::Path,
    queue: switchyard_core::queue::QueueConfig,
) -> switchyard_core::Core {
    use switchyard_core::router::{backoff::RetryPolicy, breaker::BreakerPolicy, execute::RouterState};
    let no_retry = RetryPolicy { max_retries: 0, ..Default::default() };
    switchyard_core::Core::open(switchyard_core::CoreConfig {
        router: RouterState::new(no_retry, BreakerPolicy::default()),
        queue,
        ..switchyard_core::CoreConfig::new(
            dir.to_owned(),
            std::sync::Arc::new(switchyard_core::secrets::MemorySecretStore::default()),
        )
    })
    .await
    .expect("open core")
}

/// Saves an OpenAI-compatible provider named `name` pointing at aimock with the accepted key; returns its id.
pub async fn aimock_provider(core: &switchyard_core::Core, mock: &AiMock, name: &str, preset: &str) -> String {
    core.save_provider(switchyard_core::providers::registry::ProviderInput {
        id: None,
        name: name.into(),
        preset: preset.into(),
        base_url: mock.base_url.clone(),
        api_key: Some(AIMOCK_KEY.into()),
        extra_headers: vec![],
        default_model: None,
    })
    .await
    .expect("save provider")
    .id
}

/// A call through the one door as a gateway client (key `test`) would make it, to the route or model `name`.
pub fn gateway_call(name: &str, request: &switchyard_core::ir::ChatRequest) -> switchyard_core::Call {
    let origin = switchyard_core::Origin::Gateway { key_id: "k-test".into(), key_name: "test".into() };
    switchyard_core::Call::new(switchyard_core::Destination::Named(name.to_owned()), request.clone(), origin)
}
