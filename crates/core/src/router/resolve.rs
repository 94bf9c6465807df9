//! Resolves the `model` a client sent to a configured provider and the model name that provider knows.
//!
//! `"<provider name or id>/<model>"` picks the provider explicitly (e.g. `deepseek/deepseek-chat`); a bare model
//! name goes to the first provider (oldest first) that lists it. OpenRouter-style names that contain a slash
//! (`openai/gpt-4o-mini`) still work: the prefix is only taken as a provider when such a provider exists.

use crate::error::{Error, Result};
use crate::store::providers::ProviderRecord;

#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub provider_id: String,
    pub model: String,
}

pub fn resolve(providers: &[ProviderRecord], requested: &str) -> Result<Target> {
    let requested = requested.trim();
    if let Some((prefix, model)) = requested.split_once('/') {
        let named = providers.iter().find(|p| p.id == prefix || p.name.eq_ignore_ascii_case(prefix));
        if let (Some(p), false) = (named, model.is_empty()) {
            return Ok(Target { provider_id: p.id.clone(), model: model.to_owned() });
        }
    }
    let listing = providers
        .iter()
        .find(|p| p.models.iter().any(|m| m == requested) || p.default_model.as_deref() == Some(requested));
    match listing {
        Some(p) => Ok(Target { provider_id: p.id.clone(), model: requested.to_owned() }),
        None => Err(Error::new(
            crate::ErrorCategory::NotFound,
            "model_not_found",
            format!("No provider offers '{requested}'. Use '<provider>/<model>' or add the model to a provider."),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(id: &str, name: &str, models: &[&str]) -> ProviderRecord {
        ProviderRecord {
            id: id.into(),
            name: name.into(),
            preset: "custom".into(),
            base_url: "http://x".into(),
            has_key: false,
            extra_headers: vec![],
            default_model: None,
            models: models.iter().map(|m| m.to_string()).collect(),
            created_at: 0,
            updated_at: 0,
        }
    }

    #[test]
    fn explicit_prefix_then_listed_models_then_not_found() {
        let ps =
            [provider("p1", "DeepSeek", &["deepseek-chat"]), provider("p2", "OpenRouter", &["openai/gpt-4o-mini"])];
        assert_eq!(
            resolve(&ps, "deepseek/anything").unwrap(),
            Target { provider_id: "p1".into(), model: "anything".into() }
        );
        assert_eq!(resolve(&ps, "p2/x").unwrap().provider_id, "p2");
        assert_eq!(resolve(&ps, "deepseek-chat").unwrap().provider_id, "p1");
        assert_eq!(
            resolve(&ps, "openai/gpt-4o-mini").unwrap(),
            Target { provider_id: "p2".into(), model: "openai/gpt-4o-mini".into() }
        );
        assert_eq!(resolve(&ps, "gpt-5").unwrap_err().code, "model_not_found");
        assert_eq!(resolve(&ps, "deepseek/").unwrap_err().code, "model_not_found");
    }
}
