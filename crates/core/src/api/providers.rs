//! Providers: presets, saved providers with their keys, their model lists, testing a connection.

use std::sync::Arc;
use std::time::Instant;

use crate::audit::{self, ProviderKey};
use crate::cache::CacheClear;
use crate::error::Result;
use crate::providers::presets::{Preset, PRESETS};
use crate::providers::registry::{self, ProviderInput};
use crate::providers::Provider;
use crate::store::now_ms;
use crate::store::providers::{self as provider_table, ProviderRecord};
use crate::{ConnectionTest, Core};

impl Core {
    pub fn provider_presets(&self) -> Vec<Preset> {
        PRESETS.to_vec()
    }

    pub async fn list_providers(&self) -> Result<Vec<ProviderRecord>> {
        self.store.call(|c| provider_table::list(c)).await
    }

    pub async fn save_provider(&self, input: ProviderInput) -> Result<ProviderRecord> {
        let before = self.routing_config().await?.0.iter().find(|p| Some(&p.id) == input.id.as_ref()).cloned();
        self.snapshot.providers_changed();
        let saved = registry::save(&self.store, &self.secrets, input, self.change_source).await?;
        // Another server behind the same provider may answer otherwise: what the old one said is not served.
        if before.is_some_and(|b| b.base_url != saved.base_url || b.preset != saved.preset) {
            self.clear_cache(CacheClear::Provider { provider_id: saved.id.clone() }).await?;
        }
        Ok(saved)
    }

    pub async fn delete_provider(&self, id: &str) -> Result<()> {
        self.snapshot.providers_changed();
        registry::delete(&self.store, &self.secrets, id, self.change_source).await?;
        self.clear_cache(CacheClear::Provider { provider_id: id.to_owned() }).await.map(|_| ())
    }

    /// A ready client for a provider, built once and kept until providers change.
    pub(crate) async fn provider_client(&self, id: &str) -> Result<(ProviderRecord, Arc<dyn Provider>)> {
        if let Some(hit) = self.snapshot.client(id) {
            return Ok(hit);
        }
        let generation = self.snapshot.config_generation();
        let built = registry::client(&self.store, &self.secrets, &self.http, self.deadlines, id).await?;
        self.snapshot.keep_client(generation, id, built.clone());
        Ok(built)
    }

    /// Fetches the provider's model list (GET /models) and remembers it. Not in the audit log: the list is what the
    /// provider answered, not a change anyone made.
    pub async fn refresh_models(&self, id: &str) -> Result<Vec<String>> {
        self.snapshot.providers_changed();
        let (_, provider) = self.provider_client(id).await?;
        let models = provider.list_models().await?;
        let (id, stored) = (id.to_owned(), models.clone());
        self.store.call(move |c| provider_table::set_models(c, &id, &stored, now_ms())).await?;
        Ok(models)
    }

    /// Sets the models a provider offers (from a config file, or picked by hand).
    pub async fn set_provider_models(&self, id: &str, models: Vec<String>) -> Result<()> {
        self.snapshot.providers_changed();
        let (id, source) = (id.to_owned(), self.change_source);
        self.store
            .call(move |c| {
                let tx = c.transaction()?;
                let old = provider_table::get(&tx, &id)?.record;
                provider_table::set_models(&tx, &id, &models, now_ms())?;
                let new = ProviderRecord { models, ..old.clone() };
                audit::record(&tx, source, audit::provider(Some(&old), Some(&new), ProviderKey::Unchanged))?;
                Ok(tx.commit()?)
            })
            .await
    }

    /// "Test connection": lists models with the stored key, remembers them, and reports how it went; an upstream
    /// problem is part of the report, not an error of the call.
    pub async fn test_provider(&self, id: &str) -> Result<ConnectionTest> {
        self.snapshot.providers_changed();
        let (_, provider) = self.provider_client(id).await?;
        let started = Instant::now();
        let result = provider.list_models().await;
        let latency_ms = started.elapsed().as_millis() as i64;
        match result {
            Ok(models) => {
                let model_count = models.len() as u32;
                let id = id.to_owned();
                self.store.call(move |c| provider_table::set_models(c, &id, &models, now_ms())).await?;
                Ok(ConnectionTest { ok: true, latency_ms, model_count, error: None })
            }
            Err(e) => Ok(ConnectionTest { ok: false, latency_ms, model_count: 0, error: Some(e) }),
        }
    }
}
