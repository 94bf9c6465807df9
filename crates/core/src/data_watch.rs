//! Changes another process made to the database (the app revoking a key while a headless gateway serves the same
//! data dir, a `key revoke` from the CLI) are seen within `POLL`: what was kept in memory from them is dropped, so
//! the next call reads the new state. This `Core`'s own writes drop what they change at once, as before (api/).
//!
//! How: `PRAGMA data_version` polled on the store's connection. It changes only when *another* connection
//! committed, costs no I/O when nothing changed, and needs no schema or trigger — so every writer is covered, also
//! an older build or a sqlite3 shell. A change-counter table bumped by triggers would say *which* table changed,
//! but it adds a write to every change (and a migration); data_version plus a fingerprint of the few small tables
//! the memory holds tells the same, and the fingerprint is read only after another connection committed. Thus a
//! ledger row written by the other gateway (its every call) or its `last_used_at` touch of a key throws nothing
//! away: built provider clients stay.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::types::ValueRef;
use rusqlite::Connection;
use tokio_util::sync::{CancellationToken, DropGuard};

use crate::cache::{Limits, ResponseCache};
use crate::cost::meter::Books;
use crate::cost::pricing::Pricer;
use crate::error::Result;
use crate::settings;
use crate::snapshot::Snapshot;
use crate::store::{prices, Store};

/// Well under the promised second, and a poll costs one pragma on an idle connection.
pub const POLL: Duration = Duration::from_millis(200);

/// One hash per part of what memory keeps; a part whose hash moved is reloaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Fingerprints {
    /// Providers and routes: the routing config and the built clients.
    config: u64,
    /// Access keys, less `last_used_at`, which every check of a new key writes.
    keys: u64,
    /// Settings and price overrides: exchange rates, prices, cache limits.
    settings: u64,
    budgets: u64,
}

pub(crate) fn fingerprints(conn: &Connection) -> rusqlite::Result<Fingerprints> {
    Ok(Fingerprints {
        config: table(conn, "providers", &[])? ^ table(conn, "routes", &[])?.rotate_left(1),
        keys: table(conn, "access_keys", &["last_used_at"])?,
        settings: table(conn, "settings", &[])? ^ table(conn, "price_overrides", &[])?.rotate_left(1),
        budgets: table(conn, "budgets", &[])?,
    })
}

/// A hash of every row's columns (but `skip`), independent of row order; these tables hold tens of rows.
fn table(conn: &Connection, name: &str, skip: &[&str]) -> rusqlite::Result<u64> {
    let mut stmt = conn.prepare(&format!("SELECT * FROM \"{name}\""))?;
    let keep: Vec<usize> =
        (0..stmt.column_count()).filter(|&i| stmt.column_name(i).is_ok_and(|n| !skip.contains(&n))).collect();
    let mut rows = stmt
        .query_map([], |row| {
            let mut h = DefaultHasher::new();
            for &i in &keep {
                match row.get_ref(i)? {
                    ValueRef::Null => 0u8.hash(&mut h),
                    ValueRef::Integer(v) => (1u8, v).hash(&mut h),
                    ValueRef::Real(v) => (2u8, v.to_bits()).hash(&mut h),
                    ValueRef::Text(v) => (3u8, v).hash(&mut h),
                    ValueRef::Blob(v) => (4u8, v).hash(&mut h),
                }
            }
            Ok(h.finish())
        })?
        .collect::<rusqlite::Result<Vec<u64>>>()?;
    rows.sort_unstable();
    let mut h = DefaultHasher::new();
    rows.hash(&mut h);
    Ok(h.finish())
}

fn data_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "data_version", |r| r.get(0))
}

/// What the watcher reloads.
pub(crate) struct Watched {
    pub store: Store,
    pub snapshot: Arc<Snapshot>,
    pub books: Arc<Books>,
    pub cache: Arc<ResponseCache>,
}

/// How many times the watcher polled, and found another connection's commit; tests wait on them.
#[derive(Clone, Default)]
pub(crate) struct Seen {
    polls: Arc<AtomicU64>,
    commits: Arc<AtomicU64>,
}

#[cfg_attr(not(test), allow(dead_code))]
impl Seen {
    pub fn polls(&self) -> u64 {
        self.polls.load(Ordering::SeqCst)
    }

    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::SeqCst)
    }
}

/// What the last poll knew: the data version, the fingerprints, and this Core's own change generations then.
#[derive(Clone, Copy)]
struct Known {
    version: i64,
    fingerprints: Fingerprints,
    own: (u64, u64),
}

enum Poll {
    Unchanged,
    /// This Core changed watched tables itself (and dropped what it kept): the fingerprints to compare with next.
    Rebased(i64, Fingerprints),
    Changed(i64, Fingerprints),
}

/// Starts polling; the returned guard stops it when dropped (with the `Core`).
pub(crate) async fn spawn(watched: Watched) -> Result<(DropGuard, Seen)> {
    let own = watched.snapshot.generations();
    let (version, fingerprints) = watched.store.call(|c| Ok((data_version(c)?, fingerprints(c)?))).await?;
    let first = Known { version, fingerprints, own };
    let (token, seen) = (CancellationToken::new(), Seen::default());
    tokio::spawn(run(watched, first, token.clone(), seen.clone()));
    Ok((token.drop_guard(), seen))
}

async fn run(w: Watched, mut last: Known, stop: CancellationToken, seen: Seen) {
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = tokio::time::sleep(POLL) => {}
        }
        let own = w.snapshot.generations();
        let (known, rebase) = (last.version, own != last.own);
        let polled = w
            .store
            .call(move |c| {
                // Fingerprints before the version: a commit by another connection in between shows as a new
                // version, so it is compared, never taken silently into the new baseline.
                if rebase {
                    let fingerprints = fingerprints(c)?;
                    let version = data_version(c)?;
                    return Ok(if version == known {
                        Poll::Rebased(version, fingerprints)
                    } else {
                        Poll::Changed(version, fingerprints)
                    });
                }
                let version = data_version(c)?;
                Ok(if version == known { Poll::Unchanged } else { Poll::Changed(version, fingerprints(c)?) })
            })
            .await;
        match polled {
            Ok(Poll::Unchanged) => {}
            Ok(Poll::Rebased(version, fingerprints)) => last = Known { version, fingerprints, own },
            Ok(Poll::Changed(version, fingerprints)) => {
                if let Err(e) = reload(&w, last.fingerprints, fingerprints).await {
                    tracing::warn!(error = %e, "reloading what another process changed failed; trying again");
                    continue;
                }
                last = Known { version, fingerprints, own };
                seen.commits.fetch_add(1, Ordering::SeqCst);
            }
            Err(e) => tracing::warn!(error = %e, "checking the database for other processes' changes failed"),
        }
        seen.polls.fetch_add(1, Ordering::SeqCst);
    }
}

async fn reload(w: &Watched, before: Fingerprints, now: Fingerprints) -> Result<()> {
    if now.config != before.config {
        tracing::info!("providers or routes changed in another process; reloading them");
        w.snapshot.providers_changed();
    }
    if now.keys != before.keys {
        tracing::info!("access keys changed in another process; checking keys again");
        w.snapshot.keys_changed();
    }
    if now.budgets != before.budgets {
        w.books.budgets.budgets_changed();
    }
    if now.settings != before.settings {
        tracing::info!("settings or prices changed in another process; applying them");
        let (overrides, saved) = w.store.call(|c| Ok((prices::list(c)?, settings::load(c)?))).await?;
        w.books.set_pricer(Pricer::new(overrides, settings::exchange_rates(&saved)));
        w.cache.set_limits(Limits::from_settings(&saved));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::registry::ProviderInput;
    use crate::{Core, CoreConfig};

    async fn open(dir: &std::path::Path) -> Core {
        let secrets = Arc::new(crate::secrets::MemorySecretStore::default());
        Core::open(CoreConfig::new(dir.to_owned(), secrets)).await.unwrap()
    }

    async fn until(what: &str, mut done: impl FnMut() -> bool) {
        let deadline = std::time::Instant::now() + Duration::from_secs(1);
        while !done() {
            assert!(std::time::Instant::now() < deadline, "not within 1 s: {what}");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    fn provider(id: Option<String>, name: &str) -> ProviderInput {
        ProviderInput {
            id,
            name: name.into(),
            preset: "custom".into(),
            base_url: "http://127.0.0.1:9/v1".into(),
            api_key: None,
            extra_headers: vec![],
            default_model: Some("m".into()),
        }
    }

    /// Two Cores over one data dir have two connections, as two processes do (the cross-process case is in
    /// tests/data_dir.rs).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn another_connection_s_ledger_row_keeps_built_clients_and_its_changes_are_applied() {
        let dir = tempfile::tempdir().unwrap();
        let app = open(dir.path()).await;
        let saved = app.save_provider(provider(None, "Local")).await.unwrap();
        let (_, client) = app.provider_client(&saved.id).await.unwrap();
        // The app's own change is taken as the watcher's baseline at its next poll.
        let polls = app.data_watch_seen.polls();
        until("two polls", || app.data_watch_seen.polls() >= polls + 2).await;
        let other = open(dir.path()).await;

        let seen = app.data_watch_seen.commits();
        other
            .store()
            .call(|c| {
                c.execute_batch(
                    "INSERT INTO ledger (at,origin,route,attempts,status,streamed,input_tokens,output_tokens,
                        cache_read_tokens,cache_write_tokens,reasoning_tokens,usage_estimated,latency_ms,trace_id)
                     VALUES (1,'gateway:ci','r',1,'ok',0,1,1,0,0,0,0,5,'t');",
                )?;
                Ok(())
            })
            .await
            .unwrap();
        until("the watcher sees the other connection's commit", || app.data_watch_seen.commits() > seen).await;
        let (_, kept) = app.snapshot.client(&saved.id).expect("the built client is kept");
        assert!(Arc::ptr_eq(&kept, &client), "a ledger row does not rebuild clients");

        other.save_provider(provider(Some(saved.id.clone()), "Renamed")).await.unwrap();
        until("the provider's client is dropped", || app.snapshot.client(&saved.id).is_none()).await;
        let config = app.routing_config().await.unwrap();
        assert_eq!(config.0.iter().find(|p| p.id == saved.id).unwrap().name, "Renamed");

        let mut settings = other.get_settings().await.unwrap();
        settings.cache_memory_mb += 7;
        let wanted = settings.cache_memory_mb as u64 * 1024 * 1024;
        other.update_settings(settings).await.unwrap();
        until("the cache limits follow the other's settings", || app.cache.limits().memory_bytes == wanted).await;
    }

    #[test]
    fn fingerprints_move_with_the_watched_tables_only() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.lock();
        let base = fingerprints(&conn).unwrap();
        conn.execute_batch(
            "INSERT INTO access_keys (id,name,hash,prefix,scopes,created_at) VALUES ('k','ci','h','sy-1','[\"chat\"]',1);",
        )
        .unwrap();
        let with_key = fingerprints(&conn).unwrap();
        assert_ne!(with_key.keys, base.keys);
        assert_eq!((with_key.config, with_key.settings, with_key.budgets), (base.config, base.settings, base.budgets));
        conn.execute("UPDATE access_keys SET last_used_at = 5", []).unwrap();
        assert_eq!(fingerprints(&conn).unwrap(), with_key, "a key's use is not a change of keys");
        conn.execute("UPDATE access_keys SET revoked_at = 6", []).unwrap();
        assert_ne!(fingerprints(&conn).unwrap().keys, with_key.keys);
        let before_ledger = fingerprints(&conn).unwrap();
        conn.execute_batch(
            "INSERT INTO ledger (at,origin,route,attempts,status,streamed,input_tokens,output_tokens,cache_read_tokens,
                cache_write_tokens,reasoning_tokens,usage_estimated,latency_ms,trace_id)
             VALUES (1,'gateway:ci','r',1,'ok',0,1,1,0,0,0,0,5,'t');",
        )
        .unwrap();
        assert_eq!(fingerprints(&conn).unwrap(), before_ledger, "a ledger row changes nothing kept in memory");
        conn.execute("INSERT INTO settings (key, value) VALUES ('theme', '\"dark\"')", []).unwrap();
        assert_ne!(fingerprints(&conn).unwrap().settings, before_ledger.settings);
    }
}
