//! What the request path reads on every call, kept in memory: providers and routes, built provider clients, and
//! access keys already checked. Every change through `Core` drops the affected part, so it is rebuilt on next use;
//! changes by another process are dropped the same way by data_watch.rs.
//!
//! Each part has a generation, bumped when it is dropped: a load that began before a drop (it may have read the
//! old rows) is not kept, so a key revoked while it was being checked cannot come back from memory.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::providers::Provider;
use crate::router::route::Route;
use crate::store::access_keys::AccessKey;
use crate::store::providers::ProviderRecord;

type Config = Arc<(Vec<ProviderRecord>, Vec<Route>)>;
/// A provider's record with the client built for it.
type Client = (ProviderRecord, Arc<dyn Provider>);

#[derive(Default)]
pub struct Snapshot {
    config: Mutex<Option<Config>>,
    clients: Mutex<HashMap<String, Client>>,
    /// Of config and clients.
    config_generation: AtomicU64,
    keys: Mutex<HashMap<String, AccessKey>>,
    keys_generation: AtomicU64,
}

impl Snapshot {
    pub fn config(&self) -> Option<Config> {
        self.config.lock().unwrap().clone()
    }

    /// Read before loading config or a client from the database; pass it to `keep_config` / `keep_client`.
    pub fn config_generation(&self) -> u64 {
        self.config_generation.load(Ordering::SeqCst)
    }

    pub fn keep_config(&self, generation: u64, loaded: (Vec<ProviderRecord>, Vec<Route>)) -> Config {
        let config = Arc::new(loaded);
        let mut kept = self.config.lock().unwrap();
        if self.config_generation() == generation {
            *kept = Some(config.clone());
        }
        config
    }

    pub fn client(&self, provider_id: &str) -> Option<(ProviderRecord, Arc<dyn Provider>)> {
        self.clients.lock().unwrap().get(provider_id).cloned()
    }

    pub fn keep_client(&self, generation: u64, provider_id: &str, built: (ProviderRecord, Arc<dyn Provider>)) {
        let mut clients = self.clients.lock().unwrap();
        if self.config_generation() == generation {
            clients.insert(provider_id.to_owned(), built);
        }
    }

    pub fn providers_changed(&self) {
        // Bumped before clearing: a keep that saw the old generation inserted before the clear, and is cleared.
        let mut config = self.config.lock().unwrap();
        self.config_generation.fetch_add(1, Ordering::SeqCst);
        *config = None;
        drop(config);
        self.clients.lock().unwrap().clear();
    }

    pub fn known_key(&self, hash: &str) -> Option<AccessKey> {
        self.keys.lock().unwrap().get(hash).cloned()
    }

    pub fn keys_generation(&self) -> u64 {
        self.keys_generation.load(Ordering::SeqCst)
    }

    /// Both generations: data_watch tells this Core's own changes from another process's by them.
    pub fn generations(&self) -> (u64, u64) {
        (self.config_generation(), self.keys_generation())
    }

    pub fn keep_key(&self, generation: u64, hash: String, key: AccessKey) {
        let mut keys = self.keys.lock().unwrap();
        if self.keys_generation() == generation {
            keys.insert(hash, key);
        }
    }

    pub fn keys_changed(&self) {
        let mut keys = self.keys.lock().unwrap();
        self.keys_generation.fetch_add(1, Ordering::SeqCst);
        keys.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> AccessKey {
        AccessKey {
            id: "k".into(),
            name: "ci".into(),
            prefix: "sy-1".into(),
            scopes: vec![],
            created_at: 1,
            revoked_at: None,
            limits: Default::default(),
        }
    }

    #[test]
    fn a_load_that_began_before_a_change_is_not_kept() {
        let snapshot = Snapshot::default();
        let before = snapshot.keys_generation();
        snapshot.keys_changed(); // e.g. another process revoked the key while it was being read
        snapshot.keep_key(before, "h".into(), key());
        assert!(snapshot.known_key("h").is_none());
        snapshot.keep_key(snapshot.keys_generation(), "h".into(), key());
        assert!(snapshot.known_key("h").is_some());

        let before = snapshot.config_generation();
        snapshot.providers_changed();
        snapshot.keep_config(before, (vec![], vec![]));
        assert!(snapshot.config().is_none());
        snapshot.keep_config(snapshot.config_generation(), (vec![], vec![]));
        assert!(snapshot.config().is_some());
    }
}
