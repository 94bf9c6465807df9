//! What the request path reads on every call, kept in memory: providers and routes, built provider clients, and
//! access keys already checked. Every change through `Core` drops the affected part, so it is rebuilt on next use.

use std::collections::HashMap;
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
    keys: Mutex<HashMap<String, AccessKey>>,
}

impl Snapshot {
    pub fn config(&self) -> Option<Config> {
        self.config.lock().unwrap().clone()
    }

    pub fn keep_config(&self, loaded: (Vec<ProviderRecord>, Vec<Route>)) -> Config {
        let config = Arc::new(loaded);
        *self.config.lock().unwrap() = Some(config.clone());
        config
    }

    pub fn client(&self, provider_id: &str) -> Option<(ProviderRecord, Arc<dyn Provider>)> {
        self.clients.lock().unwrap().get(provider_id).cloned()
    }

    pub fn keep_client(&self, provider_id: &str, built: (ProviderRecord, Arc<dyn Provider>)) {
        self.clients.lock().unwrap().insert(provider_id.to_owned(), built);
    }

    pub fn providers_changed(&self) {
        *self.config.lock().unwrap() = None;
        self.clients.lock().unwrap().clear();
    }

    pub fn known_key(&self, hash: &str) -> Option<AccessKey> {
        self.keys.lock().unwrap().get(hash).cloned()
    }

    pub fn keep_key(&self, hash: String, key: AccessKey) {
        self.keys.lock().unwrap().insert(hash, key);
    }

    pub fn keys_changed(&self) {
        self.keys.lock().unwrap().clear();
    }
}
