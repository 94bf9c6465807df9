//! The response cache: an exact key (key.rs), the user's policy (policy.rs), a memory tier (memory.rs) in front of
//! a SQLite tier (sqlite.rs) that survives restarts. Lookups sit in the pipeline before coalescing; answers are
//! kept after the meter has priced them. Writes happen off the request path, in batches.

pub mod entry;
pub mod key;
pub mod memory;
pub mod policy;
pub mod sqlite;
pub mod stats;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};

pub use entry::CachedAnswer;
pub use key::CacheKey;
pub use policy::{CacheDirective, CachePolicy, CacheUse};
pub use stats::{CacheClear, CacheSavings, CacheStats};

use crate::error::Result;
use crate::store::{now_ms, Store};
use memory::MemoryTier;

const MB: u64 = 1024 * 1024;

/// The policy, sizes and lifetime the user set (Settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// For calls whose route sets none.
    pub policy: CachePolicy,
    pub memory_bytes: u64,
    pub disk_bytes: u64,
    pub ttl_ms: i64,
}

impl Limits {
    pub fn from_settings(s: &crate::settings::Settings) -> Self {
        Limits {
            policy: s.cache_policy,
            memory_bytes: s.cache_memory_mb as u64 * MB,
            disk_bytes: s.cache_disk_mb as u64 * MB,
            ttl_ms: s.cache_ttl_days as i64 * 86_400_000,
        }
    }

    /// An answer bigger than this is not kept: it would push out too many others.
    fn largest_entry(&self) -> u64 {
        self.disk_bytes / 8
    }
}

enum Write {
    Put(CacheKey, Arc<CachedAnswer>),
    Touch(CacheKey, i64),
    Remove(CacheKey),
    /// Apply the disk cap now (it changed).
    Evict,
    Flush(oneshot::Sender<()>),
}

pub struct ResponseCache {
    store: Store,
    memory: RwLock<Arc<MemoryTier>>,
    limits: Arc<RwLock<Limits>>,
    writes: mpsc::UnboundedSender<Write>,
}

const MAX_BATCH: usize = 256;
const MAX_WAIT: Duration = Duration::from_millis(50);

impl ResponseCache {
    /// Opens `path`; a file that is not a readable cache is set aside and a new one started (the cache holds
    /// nothing that cannot be asked again).
    pub async fn open(path: &Path, limits: Limits) -> Result<Self> {
        let path = path.to_owned();
        let store = tokio::task::spawn_blocking(move || match sqlite::open(&path) {
            Ok(store) => Ok(store),
            Err(e) => {
                tracing::warn!(error = %e, path = %path.display(), "the response cache could not be read; starting a new one");
                let aside = path.with_extension("sqlite.damaged");
                let _ = std::fs::rename(&path, aside);
                for suffix in ["-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
                sqlite::open(&path)
            }
        })
        .await
        .map_err(|e| crate::error::Error::internal(format!("opening the response cache failed: {e}")))??;
        let (writes, rx) = mpsc::unbounded_channel();
        let limits = Arc::new(RwLock::new(limits));
        tokio::spawn(write_loop(store.clone(), rx, limits.clone()));
        let memory = RwLock::new(Arc::new(MemoryTier::new(limits.read().unwrap().memory_bytes)));
        Ok(Self { store, memory, limits, writes })
    }

    pub fn limits(&self) -> Limits {
        *self.limits.read().unwrap()
    }

    /// New sizes take effect at once; a new memory budget starts the memory tier empty (disk keeps every entry).
    pub fn set_limits(&self, new: Limits) {
        let old = std::mem::replace(&mut *self.limits.write().unwrap(), new);
        if old.memory_bytes != new.memory_bytes {
            *self.memory.write().unwrap() = Arc::new(MemoryTier::new(new.memory_bytes));
        }
        // Settings are saved often (the last model used); the file is evicted again only for a new cap.
        if old.disk_bytes != new.disk_bytes {
            let _ = self.writes.send(Write::Evict);
        }
    }

    fn memory(&self) -> Arc<MemoryTier> {
        self.memory.read().unwrap().clone()
    }

    /// The answer kept under `key`. A damaged entry or an unreadable file is a miss, never a failed call.
    pub async fn get(&self, key: CacheKey) -> Option<Arc<CachedAnswer>> {
        let now = now_ms();
        if let Some(found) = self.memory().get(&key, now) {
            let _ = self.writes.send(Write::Touch(key, now));
            return Some(found);
        }
        let body = match self.store.call(move |c| sqlite::get(c, &key, now)).await {
            Ok(body) => body?,
            Err(e) => {
                tracing::warn!(error = %e, "the response cache could not be read; answering as a miss");
                return None;
            }
        };
        match CachedAnswer::decode(&body) {
            Ok(answer) => {
                let answer = Arc::new(answer);
                self.memory().put(key, answer.clone());
                let _ = self.writes.send(Write::Touch(key, now));
                Some(answer)
            }
            Err(e) => {
                tracing::warn!(error = %e, key = %key.hex(), "a damaged cached answer was removed");
                let _ = self.writes.send(Write::Remove(key));
                None
            }
        }
    }

    /// Keeps `answer` under `key`: in memory at once, on disk shortly after.
    pub fn put(&self, key: CacheKey, mut answer: CachedAnswer) {
        let limits = self.limits();
        answer.expires_at = answer.created_at.saturating_add(limits.ttl_ms);
        let weight = answer.weight() as u64;
        if weight > limits.largest_entry() {
            tracing::info!(bytes = weight, "an answer too big for the cache was not kept");
            return;
        }
        let answer = Arc::new(answer);
        self.memory().put(key, answer.clone());
        let _ = self.writes.send(Write::Put(key, answer));
    }

    /// Returns once every write sent before is on disk.
    pub async fn flush(&self) {
        let (tx, rx) = oneshot::channel();
        if self.writes.send(Write::Flush(tx)).is_ok() {
            let _ = rx.await;
        }
    }

    pub async fn clear(&self, which: CacheClear) -> Result<u64> {
        self.flush().await;
        let memory = self.memory();
        memory.remove_where(|a| which.matches(&a.namespace, &a.provider_id, &a.model));
        self.store.call(move |c| sqlite::clear(c, &which)).await
    }

    /// What is kept, in memory and on disk (the ledger's part, `recent`, is added by the facade).
    pub async fn stats(&self) -> Result<CacheStats> {
        self.flush().await;
        let limits = self.limits();
        let (memory_entries, memory_bytes) = self.memory().size();
        let now = now_ms();
        let (models, namespaces, file_bytes) = self
            .store
            .call(move |c| {
                let (m, n) = sqlite::groups(c, now)?;
                Ok((m, n, sqlite::file_bytes(c)?))
            })
            .await?;
        Ok(CacheStats {
            entries: models.iter().map(|g| g.entries).sum(),
            bytes: models.iter().map(|g| g.bytes).sum(),
            file_bytes,
            disk_cap_bytes: limits.disk_bytes,
            memory_entries,
            memory_bytes,
            memory_cap_bytes: limits.memory_bytes,
            models,
            namespaces,
            recent: CacheSavings::default(),
        })
    }
}

/// Applies writes in batches, one transaction each, then keeps the file within its cap.
async fn write_loop(store: Store, mut rx: mpsc::UnboundedReceiver<Write>, limits: Arc<RwLock<Limits>>) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        let deadline = tokio::time::Instant::now() + MAX_WAIT;
        while batch.len() < MAX_BATCH && !matches!(batch.last(), Some(Write::Flush(_))) {
            match tokio::time::timeout_at(deadline, rx.recv()).await {
                Ok(Some(w)) => batch.push(w),
                _ => break,
            }
        }
        let mut waiters = Vec::new();
        let mut puts = Vec::new();
        let mut touches: HashMap<CacheKey, i64> = HashMap::new();
        let mut removes = Vec::new();
        let mut evict = false;
        for w in batch {
            match w {
                Write::Put(key, answer) => puts.push((key, answer)),
                Write::Touch(key, at) => {
                    let seen = touches.entry(key).or_insert(at);
                    *seen = (*seen).max(at);
                }
                Write::Remove(key) => removes.push(key),
                Write::Evict => evict = true,
                Write::Flush(w) => waiters.push(w),
            }
        }
        let cap = limits.read().unwrap().disk_bytes;
        let written = store
            .call(move |c| {
                let now = now_ms();
                let tx = c.transaction()?;
                for (key, answer) in &puts {
                    sqlite::put(&tx, key, answer, &answer.encode(), now)?;
                }
                for (key, at) in &touches {
                    sqlite::touch(&tx, key, *at)?;
                }
                for key in &removes {
                    sqlite::remove(&tx, key)?;
                }
                tx.commit()?;
                if evict || !puts.is_empty() {
                    sqlite::evict(c, now, cap)?;
                }
                Ok(())
            })
            .await;
        if let Err(e) = written {
            // A full disk or a damaged file: the answers stay in memory; nothing but the cache is lost.
            tracing::warn!(error = %e, "the response cache could not write to disk");
        }
        for w in waiters {
            let _ = w.send(());
        }
    }
}
