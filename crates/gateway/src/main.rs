//! The gateway without the window.
//!
//! - `switchyard-gateway serve [--port N] [--data-dir DIR]`: over the app's data (providers, their keys in the OS
//!   keychain, access keys made in Settings).
//! - `switchyard-gateway serve --config switchyard.toml [--port N]`: providers and access keys from the file, keys
//!   from environment variables, nothing touched on disk but a temporary data dir.
//! - `switchyard-gateway key create NAME [--data-dir DIR]`: prints a new access key (chat + models) once.
//! - `switchyard-gateway fields`: prints, as JSON, what becomes of every request field of both dialects on an
//!   upstream of the other dialect (mapped, handled, or lost and reported).

use std::path::PathBuf;
use std::sync::Arc;

use switchyard_core::providers::Deadlines;
use switchyard_core::secrets::{KeyringStore, MemorySecretStore, SecretStore};
use switchyard_core::store::access_keys::Scope;
use switchyard_core::{log_dir, resolve_data_dir, Core, CoreConfig};
use switchyard_gateway::config;

const USAGE: &str = "usage:
  switchyard-gateway serve [--port N] [--data-dir DIR]
  switchyard-gateway serve --config switchyard.toml [--port N]
  switchyard-gateway key create NAME [--data-dir DIR]
  switchyard-gateway fields";

fn default_data_dir() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("dev.switchyard.app")
}

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(message) = run(&args).await {
        eprintln!("{message}");
        std::process::exit(2);
    }
}

async fn run(args: &[String]) -> Result<(), String> {
    if args.first().map(String::as_str) == Some("fields") {
        use switchyard_core::translate::fields::{ANTHROPIC, OPENAI};
        let table = serde_json::json!({ "openai": OPENAI, "anthropic": ANTHROPIC });
        println!("{}", serde_json::to_string_pretty(&table).map_err(|e| e.to_string())?);
        return Ok(());
    }
    let config = match flag(args, "--config") {
        Some(path) => {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
            Some(config::parse(&text).map_err(|e| e.message)?)
        }
        None => None,
    };
    // A config-file run keeps nothing: its data dir is temporary unless one is given.
    let temp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let data_dir = match (flag(args, "--data-dir"), &config) {
        (Some(dir), _) => PathBuf::from(dir),
        (None, Some(_)) => temp.path().to_owned(),
        (None, None) => resolve_data_dir(default_data_dir()),
    };
    let _logs = switchyard_core::logging::init(&log_dir(&data_dir)).map_err(|e| e.message)?;
    let secrets: Arc<dyn SecretStore> =
        if config.is_some() { Arc::new(MemorySecretStore::default()) } else { Arc::new(KeyringStore::new()) };
    let (deadlines, router) = match &config {
        Some(c) => (c.gateway.deadlines(), c.gateway.router()),
        None => (Deadlines::default(), Default::default()),
    };
    let clock = std::sync::Arc::new(switchyard_core::cost::budget_book::SystemClock);
    let core_config = CoreConfig { data_dir, secrets, deadlines, router, clock, queue: Default::default() };
    let core = Arc::new(Core::open(core_config).await.map_err(|e| e.message)?);
    if let Some(config) = &config {
        config::apply(&core, config).await.map_err(|e| e.message)?;
    }
    match args.first().map(String::as_str) {
        Some("serve") => {
            let port = match flag(args, "--port") {
                Some(p) => Some(p.parse::<u16>().map_err(|_| format!("bad port {p}"))?),
                None => config.as_ref().and_then(|c| c.gateway.port),
            };
            let (addr, task) = switchyard_gateway::serve(core, port).await.map_err(|e| e.to_string())?;
            println!("Switchyard gateway on http://{addr}");
            task.await.map_err(|e| e.to_string())
        }
        Some("key") if args.get(1).map(String::as_str) == Some("create") => {
            let name = args.get(2).ok_or(USAGE)?;
            let new = core.create_access_key(name, vec![Scope::Chat, Scope::Models]).await.map_err(|e| e.message)?;
            println!("{}", new.secret);
            Ok(())
        }
        _ => Err(USAGE.to_owned()),
    }
}
