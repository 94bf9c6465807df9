//! The user's configured providers: saving them (key to the keychain, the rest to SQLite) and turning one into a
//! ready client.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::anthropic::Anthropic;
use super::estimating::Estimating;
use super::http::{Auth, Endpoint};
use super::openai_compat::OpenAiCompat;
use super::presets::{self, Wire, CUSTOM, CUSTOM_ANTHROPIC};
use super::{Deadlines, Provider};
use crate::audit::{self, ChangeSource, ProviderKey};
use crate::error::{Error, ErrorCategory, Result};
use crate::secrets::{Secret, SecretStore};
use crate::store::providers::{self as table, HeaderPair, ProviderRecord};
use crate::store::{new_id, now_ms, Store};

/// What the Providers screen sends to create or update a provider.
#[derive(Debug, Clone, Deserialize, Serialize, specta::Type)]
pub struct ProviderInput {
    /// None creates a new provider.
    pub id: Option<String>,
    pub name: String,
    pub preset: String,
    /// Empty means the preset's URL.
    pub base_url: String,
    /// None keeps the stored key; Some("") removes it; anything else replaces it. Never returned.
    pub api_key: Option<String>,
    pub extra_headers: Vec<HeaderPair>,
    pub default_model: Option<String>,
}

/// What people paste as a base URL, made into one: a trailing `/` or a whole endpoint (`…/v1/chat/completions`,
/// `…/v1/messages`) is cut back to the base, and a bare host gets `/v1`, where OpenAI, Anthropic, Ollama, LM Studio
/// and vLLM all serve their API. A URL with a path of its own (`…/api/paas/v4`) is kept as it is.
pub fn normalise_base_url(url: &str) -> String {
    let mut url = url.trim().trim_end_matches('/');
    for endpoint in ["/chat/completions", "/messages", "/models"] {
        if let Some(base) = url.strip_suffix(endpoint) {
            url = base.trim_end_matches('/');
        }
    }
    let has_path = url.split_once("://").is_some_and(|(_, rest)| rest.contains('/'));
    if has_path || !url.contains("://") {
        url.to_owned()
    } else {
        format!("{url}/v1")
    }
}

/// The keychain account a provider's key is filed under.
pub fn key_account(provider_id: &str) -> String {
    format!("provider:{provider_id}")
}

/// The preset and base URL a provider is saved with, once both are checked: a custom provider needs a URL, and
/// the URL and extra headers must be usable before anything is stored.
pub(crate) fn checked_endpoint(
    preset: &str,
    base_url: &str,
    extra_headers: &[HeaderPair],
) -> Result<(&'static presets::Preset, String)> {
    let preset = presets::find(preset)
        .ok_or_else(|| Error::invalid("unknown_preset", format!("Unknown provider preset '{preset}'.")))?;
    let base_url = match base_url.trim() {
        "" if preset.id == CUSTOM || preset.id == CUSTOM_ANTHROPIC => {
            return Err(Error::invalid("base_url_required", "A custom provider needs a base URL."))
        }
        "" => preset.base_url.to_owned(),
        url => normalise_base_url(url),
    };
    let endpoint = Endpoint {
        base_url: base_url.clone(),
        api_key: None,
        extra_headers: extra_headers.iter().map(|h| (h.name.clone(), h.value.clone())).collect(),
    };
    endpoint.validate()?;
    endpoint.headers(Auth::Bearer)?;
    Ok((preset, base_url))
}

pub async fn save(
    store: &Store,
    secrets: &Arc<dyn SecretStore>,
    input: ProviderInput,
    source: ChangeSource,
) -> Result<ProviderRecord> {
    let (preset, base_url) = checked_endpoint(&input.preset, &input.base_url, &input.extra_headers)?;
    let name = match input.name.trim() {
        "" => preset.name.to_owned(),
        n => n.to_owned(),
    };

    let existing = match &input.id {
        Some(id) => Some(
            store
                .call({
                    let id = id.clone();
                    move |c| table::get(c, &id)
                })
                .await?,
        ),
        None => None,
    };
    let id = input.id.clone().unwrap_or_else(new_id);
    let account = key_account(&id);
    let key = match input.api_key.as_deref().map(str::trim) {
        Some(k) if !k.is_empty() => ProviderKey::Given,
        _ => ProviderKey::Unchanged,
    };
    let key_ref = match input.api_key.as_deref().map(str::trim) {
        Some("") => {
            secrets.delete(&account)?;
            None
        }
        Some(key) => {
            crate::scrub::hold(key);
            secrets.set(&account, &Secret::new(key.to_owned()))?;
            Some(account)
        }
        None => existing.as_ref().and_then(|e| e.key_ref.clone()),
    };
    let now = now_ms();
    let record = ProviderRecord {
        id: id.clone(),
        name,
        preset: preset.id.to_owned(),
        base_url,
        has_key: key_ref.is_some(),
        extra_headers: input.extra_headers,
        default_model: input.default_model.filter(|m| !m.trim().is_empty()),
        models: existing
            .as_ref()
            .map(|e| e.record.models.clone())
            .unwrap_or_else(|| preset.models.iter().map(|m| m.to_string()).collect()),
        created_at: existing.as_ref().map(|e| e.record.created_at).unwrap_or(now),
        updated_at: now,
    };
    store
        .call({
            let record = record.clone();
            move |c| {
                let tx = c.transaction()?;
                let old = table::get(&tx, &record.id).ok().map(|row| row.record);
                table::upsert(&tx, &record, key_ref.as_deref())?;
                audit::record(&tx, source, audit::provider(old.as_ref(), Some(&record), key))?;
                Ok(tx.commit()?)
            }
        })
        .await?;
    tracing::info!(provider_id = %id, preset = %record.preset, has_key = record.has_key, "provider saved");
    Ok(record)
}

pub async fn delete(store: &Store, secrets: &Arc<dyn SecretStore>, id: &str, source: ChangeSource) -> Result<()> {
    let id = id.to_owned();
    store
        .call({
            let id = id.clone();
            move |c| {
                let tx = c.transaction()?;
                let old = table::get(&tx, &id)?.record;
                table::delete(&tx, &id)?;
                audit::record(&tx, source, audit::provider(Some(&old), None, ProviderKey::Unchanged))?;
                Ok(tx.commit()?)
            }
        })
        .await?;
    secrets.delete(&key_account(&id))
}

/// Builds a client for a stored provider, reading its key from the keychain.
pub async fn client(
    store: &Store,
    secrets: &Arc<dyn SecretStore>,
    http: &reqwest::Client,
    deadlines: Deadlines,
    id: &str,
) -> Result<(ProviderRecord, Arc<dyn Provider>)> {
    let row = store
        .call({
            let id = id.to_owned();
            move |c| table::get(c, &id)
        })
        .await?;
    let api_key = match &row.key_ref {
        Some(account) => Some(secrets.get(account)?.ok_or_else(|| {
            Error::new(
                ErrorCategory::Auth,
                "api_key_missing",
                "The API key for this provider is no longer in the keychain. Enter it again in Providers.",
            )
        })?),
        None => None,
    };
    if let Some(key) = &api_key {
        crate::scrub::hold(key.expose());
    }
    if api_key.is_none() && presets::find(&row.record.preset).is_some_and(|p| p.needs_key) {
        return Err(Error::new(
            ErrorCategory::Auth,
            "api_key_missing",
            format!("{} needs an API key. Add it in Providers.", row.record.name),
        ));
    }
    let endpoint = Endpoint {
        base_url: row.record.base_url.clone(),
        api_key,
        extra_headers: row.record.extra_headers.iter().map(|h| (h.name.clone(), h.value.clone())).collect(),
    };
    let wire = presets::find(&row.record.preset).map(|p| p.wire).unwrap_or(Wire::OpenAi);
    let provider: Box<dyn Provider> = match wire {
        Wire::OpenAi => Box::new(OpenAiCompat::new(http.clone(), endpoint, deadlines)?),
        Wire::Anthropic => Box::new(Anthropic::new(http.clone(), endpoint, deadlines)?),
        Wire::Gemini => Box::new(super::gemini::Gemini::new(http.clone(), endpoint, deadlines)?),
    };
    Ok((row.record, Arc::new(Estimating(provider))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_base_urls_become_api_bases() {
        for (pasted, base) in [
            ("https://api.anthropic.com", "https://api.anthropic.com/v1"),
            ("https://api.anthropic.com/", "https://api.anthropic.com/v1"),
            ("https://api.anthropic.com/v1/", "https://api.anthropic.com/v1"),
            ("https://api.anthropic.com/v1/messages", "https://api.anthropic.com/v1"),
            ("http://127.0.0.1:11434", "http://127.0.0.1:11434/v1"),
            ("https://api.openai.com/v1/chat/completions", "https://api.openai.com/v1"),
            ("https://open.bigmodel.cn/api/paas/v4", "https://open.bigmodel.cn/api/paas/v4"),
            ("https://x.example/openai/v1/models", "https://x.example/openai/v1"),
            ("  http://localhost:1234/v1  ", "http://localhost:1234/v1"),
            ("not a url", "not a url"),
        ] {
            assert_eq!(normalise_base_url(pasted), base, "{pasted}");
        }
    }

    #[tokio::test]
    async fn keys_saved_or_read_from_the_keychain_are_scrubbed_from_then_on() {
        use crate::scrub::scrub;
        let store = Store::open_in_memory().unwrap();
        let secrets: Arc<dyn SecretStore> = Arc::new(crate::secrets::MemorySecretStore::default());
        // Shapes no pattern of the scrubber knows: only holding the exact values removes them.
        let (saved, stored_before) = ("wordsonlykeysavedbytheproviderscreen", "wordsonlykeyleftinthekeychainearlier");
        let input = ProviderInput {
            id: None,
            name: "p".into(),
            preset: CUSTOM.into(),
            base_url: "http://127.0.0.1:9/v1".into(),
            api_key: Some(saved.into()),
            extra_headers: vec![],
            default_model: None,
        };
        let record = save(&store, &secrets, input, crate::audit::ChangeSource::App).await.unwrap();
        assert_eq!(scrub(&format!("echo {saved}")), "echo [REDACTED]");

        assert_eq!(scrub(stored_before), stored_before);
        secrets.set(&key_account(&record.id), &Secret::new(stored_before.to_owned())).unwrap();
        client(&store, &secrets, &reqwest::Client::new(), Deadlines::default(), &record.id).await.unwrap();
        assert_eq!(scrub(&format!("echo {stored_before}")), "echo [REDACTED]");
    }
}
