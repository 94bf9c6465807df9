//! SQLite: one connection, configured once, used off the async runtime.

pub mod access_keys;
pub mod audit;
pub mod backup;
pub mod branches;
#[cfg(test)]
mod branches_tests;
pub mod budgets;
pub mod compare;
pub mod conversations;
pub mod doctor;
pub mod feedback;
pub mod ledger;
pub mod message_search;
pub mod messages;
pub mod migrations;
pub mod open_check;
#[cfg(test)]
mod open_tests;
pub mod pre_update;
#[cfg(test)]
mod pre_update_tests;
pub mod prices;
pub mod providers;
pub mod settings;
pub mod workflow_history;
pub mod workflows;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OpenFlags, MAIN_DB};

use crate::error::{Error, Result};
use open_check::FileState;

/// The database's file name in the data dir.
pub const DB_FILE: &str = "switchyard.sqlite";

/// How long a statement waits for another connection's lock before it gives up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
}

impl Store {
    /// Opens the database file (a missing one is made new) and brings its schema up to date: a damaged, foreign,
    /// read-only or locked file is refused with its own code (see open_check), a page corrupted deep inside is
    /// found by `PRAGMA quick_check`, and the file is copied before any pending migration (see backup).
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_with(path, OpenFlags::default(), BUSY_TIMEOUT, migrations::MIGRATIONS)
    }

    pub(crate) fn open_with(path: &Path, flags: OpenFlags, busy: Duration, schema: &[&str]) -> Result<Self> {
        if open_check::inspect(path)? == FileState::Missing {
            create_empty(path)?;
        }
        let db = |e: rusqlite::Error| open_check::classify(path, &e);
        let mut conn = Connection::open_with_flags(path, flags).map_err(db)?;
        // SQLite opens a file it may not write read-only without a word; every later write would fail.
        if conn.is_readonly(MAIN_DB).map_err(db)? {
            return Err(open_check::read_only(path));
        }
        conn.busy_timeout(busy).map_err(db)?;
        set_pragmas(&conn).map_err(db)?;
        quick_check(&conn, path)?;
        let from = conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)).map_err(db)? as usize;
        let pending = from < schema.len();
        let update = pre_update::pending(path);
        // A new database (schema 0) has nothing to lose; an update's own copy serves for its migrations.
        let copy = if pending && from > 0 && update.is_none() {
            Some(backup::before_migration(&conn, path, from)?)
        } else {
            None
        };
        if let Err(e) = migrations::migrate(&mut conn, schema) {
            return Err(match (&update, &copy) {
                (Some(note), _) if e.code == "database_migration_failed" => {
                    pre_update::restore(&mut conn, path, note, e)
                }
                (None, Some(copy)) if e.code == "database_migration_failed" => Error {
                    message: format!(
                        "{} The database is as it was before that step. A copy from before the upgrade is at {}: \
                         to go back, quit Switchyard and put it in place of {}.",
                        e.message,
                        copy.display(),
                        path.display()
                    ),
                    ..e
                },
                _ => e,
            });
        }
        if let Some(note) = update {
            pre_update::after_good_start(path, note);
        }
        if !pending {
            backup::remove_all(path);
        }
        Ok(Self { conn: Arc::new(Mutex::new(conn)) })
    }

    pub fn open_in_memory() -> Result<Self> {
        Self::configure(Connection::open_in_memory()?)
    }

    fn configure(conn: Connection) -> Result<Self> {
        Self::from_connection(conn, migrations::MIGRATIONS)
    }

    /// Another database file (the response cache's) configured like the main one, with its own migrations.
    pub fn from_connection(mut conn: Connection, schema: &[&str]) -> Result<Self> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        set_pragmas(&conn)?;
        migrations::migrate(&mut conn, schema)?;
        Ok(Self { conn: Arc::new(Mutex::new(conn)) })
    }

    /// The connection itself, for tests of the functions that take one.
    #[cfg(test)]
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap()
    }

    /// Runs `f` on a blocking thread so SQLite never stalls the async runtime.
    pub async fn call<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().map_err(|_| Error::internal("database lock poisoned"))?;
            f(&mut guard)
        })
        .await
        .map_err(|e| Error::internal(format!("database task failed: {e}")))?
    }
}

fn set_pragmas(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")
}

/// A new database is made under another name and linked into place, so the path never holds a half-made file
/// (a 0-byte file at the path is refused as damaged, see open_check).
fn create_empty(path: &Path) -> Result<()> {
    let partial = open_check::sibling(path, &format!(".new-{}", new_id()));
    let made = (|| {
        let conn = Connection::open(&partial)?;
        conn.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE switchyard_new (x); DROP TABLE switchyard_new;")
    })();
    let linked = made.map_err(|e| open_check::classify(path, &e)).and_then(|()| {
        std::fs::File::open(&partial).and_then(|f| f.sync_all()).map_err(|e| open_check::from_io(path, &e))?;
        // hard_link refuses to replace: a database another process made meanwhile is kept.
        match std::fs::hard_link(&partial, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            Err(_) => std::fs::rename(&partial, path).map_err(|e| open_check::from_io(path, &e)),
        }
    });
    for leftover in [partial.clone(), open_check::sibling(&partial, "-wal"), open_check::sibling(&partial, "-shm")] {
        let _ = std::fs::remove_file(leftover);
    }
    linked
}

/// `PRAGMA quick_check`: every page's structure, without the slower index-content comparison of integrity_check.
fn quick_check(conn: &Connection, path: &Path) -> Result<()> {
    let started = Instant::now();
    let found: rusqlite::Result<Vec<String>> =
        conn.prepare("PRAGMA quick_check(5)").and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect());
    tracing::info!(ms = started.elapsed().as_millis() as u64, "database quick_check done");
    let found = match found {
        Ok(lines) if lines.len() == 1 && lines[0] == "ok" => return Ok(()),
        Ok(lines) => lines.join("; "),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) => e.to_string(),
        Err(e) => return Err(open_check::classify(path, &e)),
    };
    tracing::error!(found = %found, path = %path.display(), "database quick_check failed");
    Err(open_check::damaged(path, &found))
}

/// An enum's serde name (`ok`, `gateway`, …), as the database stores it.
pub fn enum_text<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// The enum a stored serde name stands for; None for a name this build does not know.
pub fn enum_from<T: for<'de> serde::Deserialize<'de>>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).ok()
}

pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_database_uses_wal_normal_sync_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db.sqlite")).unwrap();
        let conn = store.conn.lock().unwrap();
        let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        let sync: i64 = conn.pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap();
        let fk: i64 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        let busy: i64 = conn.pragma_query_value(None, "busy_timeout", |r| r.get(0)).unwrap();
        assert_eq!(mode.to_lowercase(), "wal");
        assert_eq!(sync, 1, "NORMAL");
        assert_eq!(fk, 1);
        assert_eq!(busy, 5000);
    }
}
