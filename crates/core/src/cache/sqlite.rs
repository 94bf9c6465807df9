//! The SQLite tier: every kept answer, compressed, in its own file (`cache.sqlite`, beside the database) so it
//! can be capped, cleared or deleted without touching the ledger. Expired entries are never served; past the cap
//! the least recently used go first, and the file shrinks with them (incremental auto-vacuum).

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};

use super::entry::CachedAnswer;
use super::key::CacheKey;
use super::stats::{CacheClear, ModelGroup, NamespaceGroup};
use crate::error::Result;
use crate::store::Store;

pub const MIGRATIONS: &[&str] = &[r#"
    CREATE TABLE entries (
        key         BLOB PRIMARY KEY,
        namespace   TEXT NOT NULL,
        provider_id TEXT NOT NULL,
        model       TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        expires_at  INTEGER NOT NULL,
        last_used   INTEGER NOT NULL,
        size        INTEGER NOT NULL,   -- bytes of body
        body        BLOB NOT NULL       -- deflated JSON of the answer (entry.rs)
    );
    CREATE INDEX entries_by_use ON entries(last_used);
    CREATE INDEX entries_by_model ON entries(provider_id, model);
    CREATE INDEX entries_by_namespace ON entries(namespace);
    CREATE INDEX entries_by_expiry ON entries(expires_at);
"#];

pub fn open(path: &Path) -> Result<Store> {
    let conn = Connection::open(path)?;
    // Only takes effect before the first table exists: a new file is created shrinkable.
    conn.pragma_update(None, "auto_vacuum", "INCREMENTAL")?;
    conn.pragma_update(None, "journal_size_limit", 1_048_576)?;
    Store::from_connection(conn, MIGRATIONS)
}

pub fn get(conn: &Connection, key: &CacheKey, now_ms: i64) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT body FROM entries WHERE key = ?1 AND expires_at > ?2")?
        .query_row(params![&key.0[..], now_ms], |r| r.get(0))
        .optional()?)
}

pub fn put(conn: &Connection, key: &CacheKey, answer: &CachedAnswer, body: &[u8], now_ms: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO entries (key, namespace, provider_id, model, created_at, expires_at, last_used, size,
            body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        &key.0[..],
        answer.namespace,
        answer.provider_id,
        answer.model,
        answer.created_at,
        answer.expires_at,
        now_ms,
        body.len() as i64,
        body
    ])?;
    Ok(())
}

pub fn touch(conn: &Connection, key: &CacheKey, at_ms: i64) -> Result<()> {
    conn.prepare_cached("UPDATE entries SET last_used = max(last_used, ?2) WHERE key = ?1")?
        .execute(params![&key.0[..], at_ms])?;
    Ok(())
}

pub fn remove(conn: &Connection, key: &CacheKey) -> Result<()> {
    conn.prepare_cached("DELETE FROM entries WHERE key = ?1")?.execute(params![&key.0[..]])?;
    Ok(())
}

/// The file's size in bytes (pages in use and free ones not yet returned).
pub fn file_bytes(conn: &Connection) -> Result<u64> {
    let pages: i64 = conn.pragma_query_value(None, "page_count", |r| r.get(0))?;
    let size: i64 = conn.pragma_query_value(None, "page_size", |r| r.get(0))?;
    Ok((pages * size).max(0) as u64)
}

/// Deletes expired entries, then the least recently used until the file is within `cap_bytes`; returns how many
/// went. Each round frees the excess and a tenth of the cap, so a full cache does not evict on every write.
pub fn evict(conn: &Connection, now_ms: i64, cap_bytes: u64) -> Result<u64> {
    let mut gone = conn.execute("DELETE FROM entries WHERE expires_at <= ?1", [now_ms])? as u64;
    shrink(conn)?;
    loop {
        let used = file_bytes(conn)?;
        if used <= cap_bytes {
            break;
        }
        let target = (used - cap_bytes + cap_bytes / 10) as i64;
        let oldest: Vec<(i64, i64)> = conn
            .prepare_cached("SELECT rowid, size FROM entries ORDER BY last_used, rowid LIMIT 500")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if oldest.is_empty() {
            break;
        }
        let mut freed = 0;
        let mut delete = conn.prepare_cached("DELETE FROM entries WHERE rowid = ?1")?;
        for (rowid, size) in oldest {
            delete.execute([rowid])?;
            gone += 1;
            freed += size + 128;
            if freed >= target {
                break;
            }
        }
        shrink(conn)?;
    }
    Ok(gone)
}

fn shrink(conn: &Connection) -> Result<()> {
    conn.execute_batch("PRAGMA incremental_vacuum")?;
    Ok(())
}

pub fn clear(conn: &Connection, which: &CacheClear) -> Result<u64> {
    let gone = match which {
        CacheClear::All => conn.execute("DELETE FROM entries", [])?,
        CacheClear::Model { provider_id, model } => {
            conn.execute("DELETE FROM entries WHERE provider_id = ?1 AND model = ?2", params![provider_id, model])?
        }
        CacheClear::Provider { provider_id } => {
            conn.execute("DELETE FROM entries WHERE provider_id = ?1", params![provider_id])?
        }
        CacheClear::Namespace { namespace } => {
            conn.execute("DELETE FROM entries WHERE namespace = ?1", params![namespace])?
        }
    };
    shrink(conn)?;
    Ok(gone as u64)
}

/// Entries and bytes per provider and model, and per namespace; expired ones are not counted.
pub fn groups(conn: &Connection, now_ms: i64) -> Result<(Vec<ModelGroup>, Vec<NamespaceGroup>)> {
    let models = conn
        .prepare_cached(
            "SELECT provider_id, model, count(*), sum(size) FROM entries WHERE expires_at > ?1
             GROUP BY provider_id, model ORDER BY sum(size) DESC, provider_id, model",
        )?
        .query_map([now_ms], |r| {
            Ok(ModelGroup {
                provider_id: r.get(0)?,
                model: r.get(1)?,
                entries: r.get::<_, i64>(2)? as u64,
                bytes: r.get::<_, i64>(3)? as u64,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let namespaces = conn
        .prepare_cached(
            "SELECT namespace, count(*), sum(size) FROM entries WHERE expires_at > ?1
             GROUP BY namespace ORDER BY namespace",
        )?
        .query_map([now_ms], |r| {
            Ok(NamespaceGroup {
                namespace: r.get(0)?,
                entries: r.get::<_, i64>(1)? as u64,
                bytes: r.get::<_, i64>(2)? as u64,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok((models, namespaces))
}
