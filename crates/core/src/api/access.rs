//! Gateway access keys: create, import, list, revoke, and checking a presented key.

use crate::access;
use crate::error::Result;
use crate::rate_limit::RateLimits;
use crate::store::access_keys::{self, AccessKey, Scope};
use crate::Core;

impl Core {
    pub async fn create_access_key(&self, name: &str, scopes: Vec<Scope>) -> Result<access::NewAccessKey> {
        self.snapshot.keys_changed();
        access::create(&self.store, name, scopes, self.change_source).await
    }

    pub async fn import_access_key(&self, name: &str, secret: &str, scopes: Vec<Scope>) -> Result<AccessKey> {
        self.snapshot.keys_changed();
        access::import(&self.store, name, secret, scopes, self.change_source).await
    }

    pub async fn list_access_keys(&self) -> Result<Vec<AccessKey>> {
        access::list(&self.store).await
    }

    /// Requests and tokens per minute for a key (None: no limit); a running gateway applies them at once.
    pub async fn set_access_key_limits(&self, id: &str, limits: RateLimits) -> Result<()> {
        self.snapshot.keys_changed();
        access::set_limits(&self.store, id, limits, self.change_source).await?;
        self.books.rate_limiter.set_limits(id, limits);
        Ok(())
    }

    pub async fn revoke_access_key(&self, id: &str) -> Result<()> {
        self.snapshot.keys_changed();
        access::revoke(&self.store, id, self.change_source).await
    }

    /// Checks a gateway access key. Keys already seen are answered from memory until keys change; the database
    /// is read (and `last_used_at` written) only on a miss.
    pub async fn authorize(&self, presented: Option<&str>, scope: Scope) -> Result<AccessKey> {
        if let Some(key) = presented.and_then(|p| self.snapshot.known_key(&access_keys::hash(p))) {
            return access::check_scope(key, scope);
        }
        let generation = self.snapshot.keys_generation();
        let key = access::authorize(&self.store, presented, scope).await?;
        self.books.rate_limiter.set_limits(&key.id, key.limits);
        if let Some(p) = presented {
            self.snapshot.keep_key(generation, access_keys::hash(p), key.clone());
        }
        Ok(key)
    }
}
