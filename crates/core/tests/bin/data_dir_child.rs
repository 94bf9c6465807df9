//! A second process over a data dir, for tests/data_dir.rs. It opens a Core, prints `owner true|false`, then:
//!   open <dir>            starts the queue as the app would, prints `recovered <n>` and exits
//!   hold <dir>            starts the queue as the app would and stays until its stdin closes (or it is killed)
//!   serve <dir>           stays the same way without starting the queue, as a headless gateway does
//!   revoke <dir> <key id> revokes the access key, prints `revoked` and exits

use std::io::{BufRead, Write};
use std::sync::Arc;

use switchyard_core::{Core, CoreConfig};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(command), Some(dir)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: switchyard-data-dir-child open|hold|serve|revoke <data dir> [key id]");
        std::process::exit(2);
    };
    let secrets = Arc::new(switchyard_core::secrets::MemorySecretStore::default());
    let core = Arc::new(Core::open(CoreConfig::new(dir.into(), secrets)).await.expect("open core"));
    let say = |line: String| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    };
    // The app starts its queue before anything else can happen; the first line says it is in place.
    if command == "hold" {
        core.start_queue().await.expect("start queue");
    }
    say(format!("owner {}", core.owns_data_dir()));
    match command.as_str() {
        "open" => say(format!("recovered {}", core.start_queue().await.expect("start queue"))),
        "hold" | "serve" => {
            let _ = std::io::stdin().lock().lines().count();
        }
        "revoke" => {
            core.revoke_access_key(args.get(3).expect("key id")).await.expect("revoke");
            say("revoked".into());
        }
        other => {
            eprintln!("unknown command {other}");
            std::process::exit(2);
        }
    }
}
