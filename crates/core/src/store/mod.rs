//! SQLite: one connection, configured once, used off the async runtime.

pub mod access_keys;
pub mod audit;
pub mod budgets;
pub mod conversations;
pub mod ledger;
pub mod messages;
pub mod migrations;
pub mod prices;
pub mod providers;
pub mod settings;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::Connection;

use crate::error::{Error, Result};

#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
}

impl Store {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self> {
        let conn = Connection::open(path)?;
        Self::configure(conn)
    }

    pub fn open_in_memory() -> Result<Self> {
        Self::configure(Connection::open_in_memory()?)
    }

    fn configure(conn: Connection) -> Result<Self> {
        Self::from_connection(conn, migrations::MIGRATIONS)
    }

    /// Another database file (the response cache's) configured like the main one, with its own migrations.
    pub fn from_connection(mut conn: Connection, schema: &[&str]) -> Result<Self> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
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
