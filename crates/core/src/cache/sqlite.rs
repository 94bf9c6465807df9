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

/// Deletes expired entries, then, once the file is past `cap_bytes`, the least recently used until it is a tenth
/// below the cap (so a full cache does not evict on every write); returns how many went.
pub fn evict(conn: &Connection, now_ms: i64, cap_bytes: u64) -> Result<u64> {
    let mut gone = conn.execute("DELETE FROM entries WHERE expires_at <= ?1", [now_ms])? as u64;
    shrink(conn)?;
    if file_bytes(conn)? <= cap_bytes {
        return Ok(gone);
    }
    let low_water = cap_bytes - cap_bytes / 10;
    loop {
        let used = file_bytes(conn)?;
        if used <= low_water {
            break;
        }
        let target = (used - low_water) as i64;
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
    // The log of what was just deleted would otherwise stay beside the file at its largest.
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(gone)
}

/// Returns the free pages to the file system. The pragma frees one page per step, so it is stepped to its end.
fn shrink(conn: &Connection) -> Result<()> {
    let mut stmt = conn.prepare_cached("PRAGMA incremental_vacuum")?;
    let mut rows = stmt.query([])?;
    while rows.next()?.is_some() {}
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

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(namespace: &str, model: &str, expires_at: i64) -> CachedAnswer {
        CachedAnswer::of_text("", namespace, model, expires_at)
    }

    /// Bytes that do not compress, as a real compressed body does not.
    fn noise(n: usize, seed: u64) -> Vec<u8> {
        let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect()
    }

    fn key(n: u64) -> CacheKey {
        let mut k = [0u8; 32];
        k[..8].copy_from_slice(&n.to_le_bytes());
        CacheKey(k)
    }

    #[test]
    fn eviction_keeps_the_file_under_its_cap_and_the_recently_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.sqlite");
        let store = open(&path).unwrap();
        let cap = 512 * 1024;
        let conn = store.lock();
        let mut rounds = 0;
        for n in 0..400u64 {
            put(&conn, &key(n), &answer("default", "m", i64::MAX), &noise(8 * 1024, n), n as i64).unwrap();
            // The first entry is used all along: it must survive.
            touch(&conn, &key(0), n as i64).unwrap();
            rounds += (evict(&conn, 0, cap).unwrap() > 0) as u32;
            assert!(file_bytes(&conn).unwrap() <= cap, "after {n} writes: {} bytes", file_bytes(&conn).unwrap());
        }
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
        let on_disk = std::fs::metadata(&path).unwrap().len();
        assert!(on_disk <= cap, "the file itself: {on_disk} bytes");
        assert!(get(&conn, &key(0), 0).unwrap().is_some(), "the entry in use stayed");
        assert!(get(&conn, &key(1), 0).unwrap().is_none(), "the oldest unused went");
        assert!(get(&conn, &key(399), 0).unwrap().is_some(), "the newest stayed");
        let kept: i64 = conn.query_row("SELECT count(*) FROM entries", [], |r| r.get(0)).unwrap();
        assert!((20..60).contains(&kept), "{kept} entries of 8 KB kept under 512 KB");
        // About 340 writes past the cap; each round frees a tenth of it (~6 entries), not just the one over.
        assert!((30..120).contains(&rounds), "{rounds} eviction rounds");
        let wal = std::fs::metadata(dir.path().join("cache.sqlite-wal")).map_or(0, |m| m.len());
        assert!(wal < cap / 4, "the log does not stay at its largest: {wal} bytes");
    }

    #[test]
    fn an_expired_entry_is_not_served_and_goes_at_the_next_eviction() {
        let store = open(&tempfile::tempdir().unwrap().path().join("c.sqlite")).unwrap();
        let conn = store.lock();
        put(&conn, &key(1), &answer("default", "m", 1_000), b"x", 0).unwrap();
        assert!(get(&conn, &key(1), 999).unwrap().is_some());
        assert!(get(&conn, &key(1), 1_000).unwrap().is_none());
        assert_eq!(groups(&conn, 1_000).unwrap().0.len(), 0, "not counted once expired");
        assert_eq!(evict(&conn, 1_000, u64::MAX).unwrap(), 1);
        assert_eq!(groups(&conn, 0).unwrap().0.len(), 0, "deleted");
    }

    #[test]
    fn clearing_deletes_only_what_it_names_and_groups_count_the_rest() {
        let store = open(&tempfile::tempdir().unwrap().path().join("c.sqlite")).unwrap();
        let conn = store.lock();
        put(&conn, &key(1), &answer("a", "m1", i64::MAX), b"xx", 0).unwrap();
        put(&conn, &key(2), &answer("a", "m2", i64::MAX), b"yyy", 0).unwrap();
        put(&conn, &key(3), &answer("b", "m2", i64::MAX), b"z", 0).unwrap();
        let (models, spaces) = groups(&conn, 0).unwrap();
        let models: Vec<(&str, u64, u64)> = models.iter().map(|g| (g.model.as_str(), g.entries, g.bytes)).collect();
        assert_eq!(models, [("m2", 2, 4), ("m1", 1, 2)]);
        let spaces: Vec<(&str, u64)> = spaces.iter().map(|g| (g.namespace.as_str(), g.entries)).collect();
        assert_eq!(spaces, [("a", 2), ("b", 1)]);
        let m2 = CacheClear::Model { provider_id: "p".into(), model: "m2".into() };
        assert_eq!(clear(&conn, &m2).unwrap(), 2);
        assert_eq!(clear(&conn, &CacheClear::Namespace { namespace: "b".into() }).unwrap(), 0);
        assert_eq!(clear(&conn, &CacheClear::Provider { provider_id: "other".into() }).unwrap(), 0);
        assert_eq!(clear(&conn, &CacheClear::Provider { provider_id: "p".into() }).unwrap(), 1);
        put(&conn, &key(4), &answer("a", "m1", i64::MAX), b"x", 0).unwrap();
        remove(&conn, &key(4)).unwrap();
        assert!(get(&conn, &key(4), 0).unwrap().is_none());
        put(&conn, &key(5), &answer("a", "m1", i64::MAX), b"x", 0).unwrap();
        assert_eq!(clear(&conn, &CacheClear::All).unwrap(), 1);
    }
}
