//! What the Cache section shows and what it can clear.

use serde::{Deserialize, Serialize};

/// Which kept answers to delete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CacheClear {
    All,
    Provider { provider_id: String },
    Model { provider_id: String, model: String },
    Namespace { namespace: String },
}

impl CacheClear {
    pub fn matches(&self, namespace: &str, provider_id: &str, model: &str) -> bool {
        match self {
            CacheClear::All => true,
            CacheClear::Provider { provider_id: p } => p == provider_id,
            CacheClear::Model { provider_id: p, model: m } => p == provider_id && m == model,
            CacheClear::Namespace { namespace: n } => n == namespace,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ModelGroup {
    pub provider_id: String,
    pub model: String,
    #[specta(type = specta_typescript::Number)]
    pub entries: u64,
    #[specta(type = specta_typescript::Number)]
    pub bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct NamespaceGroup {
    pub namespace: String,
    #[specta(type = specta_typescript::Number)]
    pub entries: u64,
    #[specta(type = specta_typescript::Number)]
    pub bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct CacheStats {
    /// Answers kept on disk (not expired), and their compressed bytes.
    #[specta(type = specta_typescript::Number)]
    pub entries: u64,
    #[specta(type = specta_typescript::Number)]
    pub bytes: u64,
    /// The cache file's size, and the cap eviction keeps it under.
    #[specta(type = specta_typescript::Number)]
    pub file_bytes: u64,
    #[specta(type = specta_typescript::Number)]
    pub disk_cap_bytes: u64,
    #[specta(type = specta_typescript::Number)]
    pub memory_entries: u64,
    #[specta(type = specta_typescript::Number)]
    pub memory_bytes: u64,
    #[specta(type = specta_typescript::Number)]
    pub memory_cap_bytes: u64,
    pub models: Vec<ModelGroup>,
    pub namespaces: Vec<NamespaceGroup>,
    /// Over the last 30 days, from the ledger.
    pub recent: CacheSavings,
}

/// What the cache did over a period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct CacheSavings {
    #[specta(type = specta_typescript::Number)]
    pub hits: u64,
    /// Calls that looked in the cache and went to a provider.
    #[specta(type = specta_typescript::Number)]
    pub misses: u64,
    /// What the answered-from-cache calls cost when they were first made (priced ones only).
    #[specta(type = specta_typescript::Number)]
    pub saved_cost_usd_micros: i64,
    /// Their first call's latency minus the hit's.
    #[specta(type = specta_typescript::Number)]
    pub saved_latency_ms: i64,
}
