//! The command line: what each command takes, and the `key` commands.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use switchyard_core::store::access_keys::{AccessKey, Scope};
use switchyard_core::Core;

#[derive(Parser)]
#[command(name = "switchyard-gateway", version, about = "Switchyard's local gateway, without the window.")]
pub struct Cli {
    /// Log filter for the log file, e.g. `info` or `switchyard_core=debug`.
    #[arg(long, global = true, env = "SWITCHYARD_LOG")]
    pub log_level: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve OpenAI and Anthropic endpoints on 127.0.0.1, over the app's data or a config file.
    Serve(ServeArgs),
    /// Create, list and revoke the access keys other programs use to reach the gateway.
    Key {
        #[command(subcommand)]
        command: KeyCommand,
    },
    /// Check the data dir without changing it: the database's integrity and schema, backups, disk space, and
    /// which process owns it. Exits 0 when healthy, 1 when it found problems.
    Doctor {
        #[command(flatten)]
        data: DataDir,
    },
    /// Print, as JSON, what becomes of every request field of both dialects on an upstream of the other dialect.
    Fields,
}

#[derive(Args, Clone, Default)]
pub struct DataDir {
    /// The app's data dir (database and logs). Default: the desktop app's.
    #[arg(long, env = "SWITCHYARD_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
}

impl DataDir {
    pub fn resolve(&self) -> PathBuf {
        self.data_dir.clone().unwrap_or_else(default_data_dir)
    }
}

fn default_data_dir() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("dev.switchyard.app")
}

#[derive(Args)]
pub struct ServeArgs {
    /// Port on 127.0.0.1 (default 8765, or the config file's).
    #[arg(long, env = "SWITCHYARD_PORT")]
    pub port: Option<u16>,
    /// Providers, routes and access keys from a TOML file; without --data-dir nothing is kept after the run.
    #[arg(long, env = "SWITCHYARD_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub data: DataDir,
    /// On SIGTERM or Ctrl-C, how long calls in flight may take to finish (ms; default 30000).
    #[arg(long, env = "SWITCHYARD_GRACE_MS")]
    pub grace_ms: Option<u64>,
    /// Longest a client may take to send a request's headers, or stay idle between requests (ms; default 30000).
    #[arg(long, env = "SWITCHYARD_HEADER_TIMEOUT_MS")]
    pub header_timeout_ms: Option<u64>,
    /// The largest request body, in MB (default 32: Anthropic's own limit).
    #[arg(long, env = "SWITCHYARD_MAX_BODY_MB")]
    pub max_body_mb: Option<usize>,
    /// The most all of a request's headers may take, in KB (default 64).
    #[arg(long, env = "SWITCHYARD_MAX_HEADER_KB")]
    pub max_header_kb: Option<usize>,
    /// Longest wait for the next piece of a request body before 408 (ms; default 30000).
    #[arg(long, env = "SWITCHYARD_BODY_TIMEOUT_MS")]
    pub body_timeout_ms: Option<u64>,
    /// Connections served at once; more wait to be accepted (default 4096).
    #[arg(long, env = "SWITCHYARD_MAX_CONNECTIONS")]
    pub max_connections: Option<usize>,
}

#[derive(Subcommand)]
pub enum KeyCommand {
    /// Create a key and print it once (it is never shown again).
    Create {
        name: String,
        /// What the key may use.
        #[arg(long, value_delimiter = ',', default_value = "chat,models", value_parser = parse_scope)]
        scopes: Vec<Scope>,
        #[command(flatten)]
        data: DataDir,
    },
    /// List the keys (never their values).
    List {
        /// One JSON array instead of a table.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        data: DataDir,
    },
    /// Set a key's rate limits (`none` lifts one); a running gateway applies them within a second.
    Limit {
        /// The key's id, name or shown prefix.
        key: String,
        /// Requests per minute, or `none`.
        #[arg(long, value_parser = parse_limit)]
        rpm: Option<Limit>,
        /// Tokens per minute, or `none`.
        #[arg(long, value_parser = parse_limit)]
        tpm: Option<Limit>,
        #[command(flatten)]
        data: DataDir,
    },
    /// Revoke a key by its id, name or shown prefix; a running gateway refuses it within a second.
    Revoke {
        key: String,
        #[command(flatten)]
        data: DataDir,
    },
}

impl KeyCommand {
    pub fn data_dir(&self) -> &DataDir {
        match self {
            Self::Create { data, .. }
            | Self::List { data, .. }
            | Self::Limit { data, .. }
            | Self::Revoke { data, .. } => data,
        }
    }
}

/// A limit given on the command line: a number, or `none` for no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit(Option<u32>);

fn parse_limit(s: &str) -> Result<Limit, String> {
    match s.trim() {
        "none" => Ok(Limit(None)),
        n => match n.parse::<u32>() {
            Ok(0) | Err(_) => Err(format!("'{n}' is not a limit: give a number of at least 1, or none")),
            Ok(v) => Ok(Limit(Some(v))),
        },
    }
}

fn parse_scope(s: &str) -> Result<Scope, String> {
    match s.trim() {
        "chat" => Ok(Scope::Chat),
        "models" => Ok(Scope::Models),
        other => Err(format!("unknown scope '{other}' (use chat, models)")),
    }
}

pub async fn key(core: &Core, command: KeyCommand) -> Result<(), String> {
    match command {
        KeyCommand::Create { name, scopes, .. } => {
            let new = core.create_access_key(&name, scopes).await.map_err(|e| e.message)?;
            println!("{}", new.secret);
        }
        KeyCommand::List { json, .. } => {
            let keys = core.list_access_keys().await.map_err(|e| e.message)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&keys).map_err(|e| e.to_string())?);
            } else {
                print!("{}", key_table(&keys));
            }
        }
        KeyCommand::Limit { key, rpm, tpm, .. } => {
            let keys = core.list_access_keys().await.map_err(|e| e.message)?;
            let found = find_key(&keys, &key)?;
            let mut limits = found.limits;
            if let Some(Limit(v)) = rpm {
                limits.requests_per_minute = v;
            }
            if let Some(Limit(v)) = tpm {
                limits.tokens_per_minute = v;
            }
            core.set_access_key_limits(&found.id, limits).await.map_err(|e| e.message)?;
            let shown = |v: Option<u32>| v.map_or("none".to_owned(), |n| n.to_string());
            println!(
                "{}: {} requests, {} tokens per minute",
                found.name,
                shown(limits.requests_per_minute),
                shown(limits.tokens_per_minute)
            );
        }
        KeyCommand::Revoke { key, .. } => {
            let keys = core.list_access_keys().await.map_err(|e| e.message)?;
            let found = find_key(&keys, &key)?;
            core.revoke_access_key(&found.id).await.map_err(|e| e.message)?;
            println!("revoked {} ({})", found.name, found.prefix);
        }
    }
    Ok(())
}

/// An id or a shown prefix names one key; a name may name several, which is refused rather than guessed.
fn find_key<'a>(keys: &'a [AccessKey], wanted: &str) -> Result<&'a AccessKey, String> {
    if let Some(k) = keys.iter().find(|k| k.id == wanted || k.prefix == wanted) {
        return Ok(k);
    }
    let named: Vec<_> = keys.iter().filter(|k| k.name == wanted && k.revoked_at.is_none()).collect();
    match named.as_slice() {
        [one] => Ok(one),
        [] => Err(format!("no access key has the id, prefix or name '{wanted}' (see `key list`)")),
        many => Err(format!("{} keys are named '{wanted}': revoke one by its id (see `key list`)", many.len())),
    }
}

fn key_table(keys: &[AccessKey]) -> String {
    use std::fmt::Write;
    let mut out = format!(
        "{:<26} {:<20} {:<12} {:<12} {:<8} {:<10} {:<8}\n",
        "ID", "NAME", "PREFIX", "SCOPES", "RPM", "TPM", "STATE"
    );
    for k in keys {
        let scopes: Vec<_> = k.scopes.iter().map(|s| if *s == Scope::Chat { "chat" } else { "models" }).collect();
        let state = if k.revoked_at.is_some() { "revoked" } else { "active" };
        let limit = |v: Option<u32>| v.map_or("-".to_owned(), |n| n.to_string());
        let (rpm, tpm) = (limit(k.limits.requests_per_minute), limit(k.limits.tokens_per_minute));
        let _ = writeln!(
            out,
            "{:<26} {:<20} {:<12} {:<12} {rpm:<8} {tpm:<10} {state}",
            k.id,
            k.name,
            k.prefix,
            scopes.join(",")
        );
    }
    out
}

/// SIGTERM and SIGINT (Ctrl-C), each time one arrives.
pub struct Signals {
    terminate: tokio::signal::unix::Signal,
    interrupt: tokio::signal::unix::Signal,
}

impl Signals {
    pub fn new() -> std::io::Result<Self> {
        use tokio::signal::unix::{signal, SignalKind};
        Ok(Self { terminate: signal(SignalKind::terminate())?, interrupt: signal(SignalKind::interrupt())? })
    }

    /// Waits for the next one and names it.
    pub async fn next(&mut self) -> &'static str {
        tokio::select! {
            _ = self.terminate.recv() => "SIGTERM",
            _ = self.interrupt.recv() => "SIGINT",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: &str, name: &str, revoked: bool) -> AccessKey {
        AccessKey {
            id: id.into(),
            name: name.into(),
            prefix: format!("sy-{id}"),
            scopes: vec![Scope::Chat],
            created_at: 1,
            revoked_at: revoked.then_some(2),
            limits: Default::default(),
        }
    }

    #[test]
    fn a_key_is_found_by_id_prefix_or_its_one_live_name() {
        let keys = [key("a1", "ci", false), key("b2", "ci", true), key("c3", "team", false), key("d4", "team", false)];
        assert_eq!(find_key(&keys, "a1").unwrap().id, "a1");
        assert_eq!(find_key(&keys, "sy-c3").unwrap().id, "c3");
        assert_eq!(find_key(&keys, "ci").unwrap().id, "a1", "the revoked namesake does not count");
        assert!(find_key(&keys, "team").unwrap_err().contains("2 keys are named 'team'"));
        assert!(find_key(&keys, "nobody").unwrap_err().contains("no access key"));
    }

    #[test]
    fn the_table_shows_state_and_scopes_but_no_secret() {
        let table = key_table(&[key("a1", "ci", false), key("b2", "old", true)]);
        let lines: Vec<_> = table.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[1].contains("ci") && lines[1].contains("chat") && lines[1].ends_with("active"));
        assert!(lines[2].ends_with("revoked"));
    }

    #[test]
    fn limits_are_numbers_or_none() {
        assert_eq!(parse_limit("60").unwrap(), Limit(Some(60)));
        assert_eq!(parse_limit("none").unwrap(), Limit(None));
        assert!(parse_limit("0").unwrap_err().contains("at least 1"));
        assert!(parse_limit("lots").is_err());
    }

    #[test]
    fn scopes_parse_and_unknown_ones_are_named() {
        assert_eq!(parse_scope(" models").unwrap(), Scope::Models);
        assert!(parse_scope("admin").unwrap_err().contains("'admin'"));
    }

    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
