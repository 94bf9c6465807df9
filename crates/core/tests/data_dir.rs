//! Two real processes over one data dir (the child is tests/bin/data_dir_child.rs): only the one that owns it
//! recovers from a crash, a crashed owner leaves it to the next, and a key revoked by the other process is refused
//! here within a second.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rusqlite::Connection;
use switchyard_core::chat::ChatTarget;
use switchyard_core::store::access_keys::Scope;
use switchyard_core::{Core, CoreConfig};

const CHILD: &str = env!("CARGO_BIN_EXE_switchyard-data-dir-child");

/// Runs the child to its end; its stdout lines.
fn run(args: &[&str]) -> Vec<String> {
    let out = Command::new(CHILD).args(args).env("RUST_LOG", "off").stderr(Stdio::inherit()).output().unwrap();
    assert!(out.status.success(), "child {args:?} failed: {:?}", out.status);
    String::from_utf8(out.stdout).unwrap().lines().map(str::to_owned).collect()
}

/// What the owner is doing when a second process opens the data: one answer streaming, one queued turn sending.
fn seed_live_work(db: &Path) {
    let conn = Connection::open(db).unwrap();
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    let target = serde_json::to_string(&ChatTarget::Route { name: "fast".into() }).unwrap();
    conn.execute_batch(
        "INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('c1', 'Live', 1, 1);
         INSERT INTO messages (id, conversation_id, role, content, status, created_at) VALUES
            ('u1', 'c1', 'user', 'hi', 'complete', 1), ('a1', 'c1', 'assistant', 'hel', 'streaming', 2),
            ('u2', 'c1', 'user', 'and?', 'complete', 3), ('a2', 'c1', 'assistant', '', 'streaming', 4);",
    )
    .unwrap();
    conn.execute(
        "INSERT INTO outbox (id, seq, conversation_id, pane_id, user_message_id, answer_message_id, target, state,
            bytes, next_attempt_at, created_at, updated_at)
         VALUES ('o1', 1, 'c1', 'pane', 'u2', 'a2', ?1, 'sending', 4, 3, 3, 3)",
        [target],
    )
    .unwrap();
}

fn live_work(db: &Path) -> (String, String, String) {
    let conn = Connection::open(db).unwrap();
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    let status = |id: &str| -> String {
        conn.query_row("SELECT status FROM messages WHERE id = ?1", [id], |r| r.get(0)).unwrap()
    };
    let outbox: String = conn.query_row("SELECT state FROM outbox WHERE id = 'o1'", [], |r| r.get(0)).unwrap();
    (status("a1"), status("a2"), outbox)
}

/// Starts a child that stays (`hold`: the app, `serve`: a headless gateway) and waits for its first line.
fn stay(command: &str, data: &str) -> (Child, String) {
    let mut child = Command::new(CHILD)
        .args([command, data])
        .env("RUST_LOG", "off")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    (child, first.trim().to_owned())
}

#[test]
fn only_the_owner_recovers_and_a_crashed_owner_leaves_the_data_dir_to_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let db = dir.path().join("switchyard.sqlite");

    let (mut app, first) = stay("hold", data);
    assert_eq!(first, "owner true", "the first process owns the data dir");
    seed_live_work(&db);

    // e.g. `switchyard-gateway key create` while the app runs
    assert_eq!(run(&["open", data]), ["owner false", "recovered 0"]);
    assert_eq!(
        live_work(&db),
        ("streaming".into(), "streaming".into(), "sending".into()),
        "the owner's live answer and queued send are left alone"
    );

    app.kill().unwrap(); // SIGKILL: the kernel drops its lock
    app.wait().unwrap();
    assert_eq!(run(&["open", data]), ["owner true", "recovered 1"], "the next process owns it and recovers");
    assert_eq!(live_work(&db), ("interrupted".into(), "interrupted".into(), "needs_decision".into()));
}

/// A headless gateway owns the data dir but never drains the queue: the app started after it does, and recovers
/// what a dead dispatcher left sending, but leaves the streaming answers, which may be the owner's.
#[test]
fn the_queue_is_drained_by_the_first_to_start_it_even_beside_an_owning_gateway() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let (mut gateway, first) = stay("serve", data);
    assert_eq!(first, "owner true");
    seed_live_work(&dir.path().join("switchyard.sqlite"));
    assert_eq!(run(&["open", data]), ["owner false", "recovered 1"]);
    assert_eq!(
        live_work(&dir.path().join("switchyard.sqlite")),
        ("streaming".into(), "interrupted".into(), "needs_decision".into())
    );
    gateway.kill().unwrap();
    gateway.wait().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_revoked_by_another_process_is_refused_within_a_second() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(switchyard_core::secrets::MemorySecretStore::default());
    let core = Core::open(CoreConfig::new(dir.path().to_owned(), secrets)).await.unwrap();
    assert!(core.owns_data_dir());
    let key = core.create_access_key("ci", vec![Scope::Chat]).await.unwrap();
    // Checked once from the database, then answered from memory.
    core.authorize(Some(&key.secret), Scope::Chat).await.unwrap();
    core.authorize(Some(&key.secret), Scope::Chat).await.unwrap();

    let (data, id) = (dir.path().to_str().unwrap().to_owned(), key.key.id.clone());
    let out = tokio::task::spawn_blocking(move || run(&["revoke", &data, &id])).await.unwrap();
    assert_eq!(out, ["owner false", "revoked"]);
    let revoked = Instant::now();
    let refused = loop {
        match core.authorize(Some(&key.secret), Scope::Chat).await {
            Err(e) => break e,
            Ok(_) => assert!(revoked.elapsed() < Duration::from_secs(1), "the revoked key still works after 1 s"),
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    assert_eq!(refused.code, "access_key_revoked");
    println!("refused {} ms after the other process revoked it", revoked.elapsed().as_millis());
    assert!(core.list_access_keys().await.unwrap()[0].revoked_at.is_some());
}
