//! `switchyard-gateway serve [--port N] [--data-dir DIR]`: the gateway without the window, over the app's data
//! (providers, keys in the OS keychain, access keys). `switchyard-gateway key create NAME` makes an access key.

use std::path::PathBuf;
use std::sync::Arc;

use switchyard_core::providers::Deadlines;
use switchyard_core::secrets::KeyringStore;
use switchyard_core::store::access_keys::Scope;
use switchyard_core::{log_dir, resolve_data_dir, Core, CoreConfig};

const USAGE: &str = "usage:
  switchyard-gateway serve [--port N] [--data-dir DIR]
  switchyard-gateway key create NAME [--data-dir DIR]";

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

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(message) = run(&args).await {
        eprintln!("{message}");
        std::process::exit(2);
    }
}

async fn run(args: &[String]) -> Result<(), String> {
    let data_dir = flag(args, "--data-dir").map(PathBuf::from).unwrap_or_else(|| resolve_data_dir(default_data_dir()));
    let _logs = switchyard_core::logging::init(&log_dir(&data_dir)).map_err(|e| e.message)?;
    let config = CoreConfig { data_dir, secrets: Arc::new(KeyringStore::new()), deadlines: Deadlines::default() };
    let core = Arc::new(Core::open(config).await.map_err(|e| e.message)?);
    match args.first().map(String::as_str) {
        Some("serve") => {
            let port = flag(args, "--port").map(|p| p.parse().map_err(|_| format!("bad port {p}"))).transpose()?;
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
