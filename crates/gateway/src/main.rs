//! The gateway without the window. `switchyard-gateway --help` lists the commands; every flag a server sets is
//! also read from an environment variable (shown in the help).

mod cli;

use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use switchyard_core::providers::Deadlines;
use switchyard_core::secrets::{KeyringStore, MemorySecretStore, SecretStore};
use switchyard_core::{log_dir, ChangeSource, Core, CoreConfig};
use switchyard_gateway::config::{self, Config};
use switchyard_gateway::{ConnectionLimits, Stopped};

use cli::{Cli, Command, ServeArgs};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let cli = Cli::parse();
    if let Some(level) = &cli.log_level {
        // Read by the log subscriber; set before anything logs, while this is the only thread.
        std::env::set_var("SWITCHYARD_LOG", level);
    }
    match run(cli.command).await {
        Ok(code) => std::process::exit(code),
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    }
}

async fn run(command: Command) -> Result<i32, String> {
    match command {
        Command::Fields => {
            use switchyard_core::translate::fields::{ANTHROPIC, OPENAI};
            let table = serde_json::json!({ "openai": OPENAI, "anthropic": ANTHROPIC });
            println!("{}", serde_json::to_string_pretty(&table).map_err(|e| e.to_string())?);
            Ok(0)
        }
        Command::Serve(args) => serve(args).await,
        Command::Doctor { data } => {
            let report = switchyard_core::doctor(&data.resolve());
            println!("{report}");
            Ok(if report.healthy() { 0 } else { 1 })
        }
        Command::Key { command } => {
            let data_dir = command.data_dir().resolve();
            let _logs = switchyard_core::logging::init(&log_dir(&data_dir)).map_err(|e| e.message)?;
            let core = open(data_dir, Arc::new(KeyringStore::new()), None).await?;
            cli::key(&core, command).await.map(|()| 0)
        }
    }
}

async fn open(
    data_dir: std::path::PathBuf,
    secrets: Arc<dyn SecretStore>,
    config: Option<&Config>,
) -> Result<Core, String> {
    let (deadlines, router) = match config {
        Some(c) => (c.gateway.deadlines(), c.gateway.router()),
        None => (Deadlines::default(), Default::default()),
    };
    let clock = Arc::new(switchyard_core::cost::budget_book::SystemClock);
    // A Core opened with a config file makes its changes from it; otherwise a `key …` command is making them.
    let change_source = if config.is_some() { ChangeSource::ConfigFile } else { ChangeSource::Cli };
    let core_config =
        CoreConfig { data_dir, secrets, deadlines, router, clock, queue: Default::default(), change_source };
    Core::open(core_config).await.map_err(|e| e.message)
}

async fn serve(args: ServeArgs) -> Result<i32, String> {
    let config = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            Some(config::parse(&text).map_err(|e| e.message)?)
        }
        None => None,
    };
    // A config-file run keeps nothing: its data dir is temporary unless one is given.
    let temp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let data_dir = match (&args.data.data_dir, &config) {
        (Some(dir), _) => dir.clone(),
        (None, Some(_)) => temp.path().to_owned(),
        (None, None) => args.data.resolve(),
    };
    let _logs = switchyard_core::logging::init(&log_dir(&data_dir)).map_err(|e| e.message)?;
    let secrets: Arc<dyn SecretStore> =
        if config.is_some() { Arc::new(MemorySecretStore::default()) } else { Arc::new(KeyringStore::new()) };
    let core = Arc::new(open(data_dir, secrets, config.as_ref()).await?);
    if let Some(config) = &config {
        let done = config::apply(&core, config).await.map_err(|e| e.message)?;
        for name in &done.still_revoked {
            eprintln!("access key '{name}' in the config file was revoked; it stays revoked (give it a new secret)");
        }
    }
    let section = config.as_ref().map(|c| &c.gateway);
    let port = args.port.or(section.and_then(|g| g.port));
    let mut limits = ConnectionLimits::default();
    if let Some(ms) = args.header_timeout_ms.or(section.and_then(|g| g.header_read_timeout_ms)) {
        limits.header_read_timeout = Duration::from_millis(ms);
    }
    if let Some(n) = args.max_connections.or(section.and_then(|g| g.max_connections)) {
        limits.max_connections = n;
    }
    let mut http = switchyard_gateway::HttpLimits::default();
    if let Some(mb) = args.max_body_mb.or(section.and_then(|g| g.max_body_mb)) {
        http.max_body_bytes = mb.saturating_mul(1024 * 1024);
    }
    if let Some(kb) = args.max_header_kb.or(section.and_then(|g| g.max_header_kb)) {
        http.max_header_bytes = kb.saturating_mul(1024);
    }
    if let Some(ms) = args.body_timeout_ms.or(section.and_then(|g| g.body_timeout_ms)) {
        http.body_idle_timeout = Duration::from_millis(ms);
    }
    let grace = Duration::from_millis(args.grace_ms.or(section.and_then(|g| g.grace_ms)).unwrap_or(30_000));

    // Listening for signals before the address is printed: a stop sent the moment it is known is a graceful one.
    let mut signals = cli::Signals::new().map_err(|e| format!("cannot listen for signals: {e}"))?;
    let gateway = switchyard_gateway::serve_with(core.clone(), port, limits, http).await.map_err(|e| e.to_string())?;
    println!("Switchyard gateway on http://{}", gateway.addr());
    let first = signals.next().await;
    eprintln!(
        "{first}: no new calls; waiting up to {} s for the calls in flight (send it again to stop at once)",
        grace.as_secs_f32()
    );
    let cutter = gateway.cutter();
    let stopping = gateway.stop(grace);
    tokio::pin!(stopping);
    let code = tokio::select! {
        stopped = &mut stopping => match stopped {
            Stopped::Drained => 0,
            Stopped::Cut(n) => {
                eprintln!("the grace period ended; {n} connections were cut");
                0
            }
        },
        second = signals.next() => {
            eprintln!("{second} again: stopping at once");
            cutter.cut_now();
            stopping.await;
            130
        }
    };
    // Calls cut short still have their rows; none may be left in the batch when the process ends.
    match tokio::time::timeout(Duration::from_secs(5), core.flush_ledger()).await {
        Ok(0) => {}
        Ok(unwritten) => {
            eprintln!("{unwritten} ledger rows could not be written (is the disk full?) and are lost");
            return Ok(1);
        }
        Err(_) => {
            eprintln!("the ledger could not be written within 5 s; its last rows may be missing");
            return Ok(1);
        }
    }
    core.flush_cache().await;
    Ok(code)
}
