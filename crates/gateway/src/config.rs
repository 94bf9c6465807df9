//! `switchyard-gateway serve --config switchyard.toml`: providers, their keys (by environment variable name) and
//! local access keys declared in a file, the way servers, CI and benchmarks run the gateway.
//!
//! ```toml
//! [gateway]
//! port = 8765
//! first_byte_timeout_ms = 60000   # optional deadlines and retries
//! idle_timeout_ms = 60000
//! total_timeout_ms = 600000
//! max_retries = 2
//! max_tokens_over_limit = "clamp" # or "refuse": a max_tokens above the target model's output limit
//! max_answer_kb = 32768            # the most of one answer (or one streamed event) held in memory
//! replay_kb = 256                  # how much of a shared stream is kept for identical requests joining late
//! grace_ms = 30000                 # on SIGTERM/Ctrl-C, how long calls in flight may take to finish
//! header_read_timeout_ms = 30000   # a client's time to send its headers, or to stay idle between requests
//! max_connections = 4096
//! max_body_mb = 32                 # larger request bodies get 413, in the caller's format
//! max_header_kb = 64               # larger headers get 431
//! body_timeout_ms = 30000          # a request body that stops arriving for this long gets 408
//!
//! [[providers]]
//! name = "openai"
//! wire = "openai"            # or "anthropic", "gemini"
//! base_url = "https://api.openai.com/v1"
//! api_key_env = "OPENAI_API_KEY"
//! models = ["gpt-4o-mini"]
//!
//! [[routes]]                       # optional: a name clients send, answered by the first target that works
//! name = "smart"
//! strategy = "priority"             # or "weighted", "latency"
//! targets = [{ provider = "openai", model = "gpt-4o-mini" }, { provider = "backup", model = "x" }]
//! strict = false                    # true: refuse targets of the other dialect that would lose request fields
//! cache = "always"                  # optional: this route's cache policy ("off", "deterministic", "always")
//! cache_tool_calls = false          # keep answers that end in tool calls
//!
//! [cache]                          # optional: the response cache (as in the app's Settings)
//! policy = "deterministic"          # "off", "deterministic" (temperature 0 or a seed), "always"
//! memory_mb = 64
//! disk_mb = 512
//! ttl_days = 7
//!
//! [[access_keys]]
//! name = "ci"
//! key_env = "SWITCHYARD_KEY"
//! scopes = ["chat", "models"]
//! requests_per_minute = 60          # optional rate limits (429 with Retry-After past them)
//! tokens_per_minute = 100000
//! ```

use serde::Deserialize;
use switchyard_core::declared::{Declared, DeclaredKey, DeclaredProvider, DeclaredRoute, Reconciled};
use switchyard_core::rate_limit::RateLimits;
use switchyard_core::router::route::Strategy;
use switchyard_core::store::access_keys::Scope;
use switchyard_core::{CachePolicy, Core, Error, Result};

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub gateway: GatewaySection,
    #[serde(default)]
    pub providers: Vec<ProviderEntry>,
    #[serde(default)]
    pub access_keys: Vec<AccessKeyEntry>,
    #[serde(default)]
    pub routes: Vec<RouteEntry>,
    #[serde(default)]
    pub cache: CacheSection,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CacheSection {
    pub policy: Option<CachePolicy>,
    pub memory_mb: Option<u32>,
    pub disk_mb: Option<u32>,
    pub ttl_days: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteEntry {
    pub name: String,
    #[serde(default = "priority")]
    pub strategy: Strategy,
    pub targets: Vec<RouteTargetEntry>,
    #[serde(default)]
    pub strict: bool,
    #[serde(default)]
    pub cache: Option<CachePolicy>,
    #[serde(default)]
    pub cache_tool_calls: bool,
}

fn priority() -> Strategy {
    Strategy::Priority
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteTargetEntry {
    /// A provider's `name` from this file.
    pub provider: String,
    pub model: String,
    #[serde(default)]
    pub weight: u32,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct GatewaySection {
    pub port: Option<u16>,
    /// Longest wait for an upstream's status line.
    pub first_byte_timeout_ms: Option<u64>,
    /// Longest silence between two pieces of a streamed answer.
    pub idle_timeout_ms: Option<u64>,
    /// Longest a whole call may take.
    pub total_timeout_ms: Option<u64>,
    /// Retries per target for transient failures.
    pub max_retries: Option<u32>,
    /// A max_tokens above the target model's output limit is lowered to it (clamp, the default) or refused.
    pub max_tokens_over_limit: Option<switchyard_core::router::fit::OverLimit>,
    /// The most of one answer, or of one streamed event, held in memory (KB); past it the call ends with an error.
    pub max_answer_kb: Option<usize>,
    /// How much of a shared streamed answer is kept for identical requests that join late (KB).
    pub replay_kb: Option<usize>,
    /// On SIGTERM or Ctrl-C, how long calls in flight may take to finish.
    pub grace_ms: Option<u64>,
    /// Longest a client may take to send a request's headers, or stay idle between two requests.
    pub header_read_timeout_ms: Option<u64>,
    /// Connections served at once.
    pub max_connections: Option<usize>,
    /// The largest request body (MB) and the most all of a request's headers may take (KB).
    pub max_body_mb: Option<usize>,
    pub max_header_kb: Option<usize>,
    /// Longest wait for the next piece of a request body before 408.
    pub body_timeout_ms: Option<u64>,
}

impl GatewaySection {
    pub fn deadlines(&self) -> switchyard_core::providers::Deadlines {
        let mut d = switchyard_core::providers::Deadlines::default();
        if let Some(ms) = self.first_byte_timeout_ms {
            d.first_byte = std::time::Duration::from_millis(ms);
        }
        if let Some(ms) = self.idle_timeout_ms {
            d.idle = std::time::Duration::from_millis(ms);
        }
        if let Some(ms) = self.total_timeout_ms {
            d.total = std::time::Duration::from_millis(ms);
        }
        if let Some(kb) = self.max_answer_kb {
            d.max_answer_bytes = kb.saturating_mul(1024);
        }
        d
    }

    pub fn router(&self) -> switchyard_core::router::execute::RouterState {
        let mut retry = switchyard_core::router::backoff::RetryPolicy::default();
        if let Some(n) = self.max_retries {
            retry.max_retries = n;
        }
        let mut router = switchyard_core::router::execute::RouterState::new(retry, Default::default());
        router.over_limit = self.max_tokens_over_limit.unwrap_or_default();
        if let Some(kb) = self.replay_kb {
            router.replay_bytes = kb.saturating_mul(1024);
        }
        router
    }
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum WireName {
    OpenAi,
    Anthropic,
    Gemini,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderEntry {
    pub name: String,
    pub wire: WireName,
    pub base_url: String,
    pub api_key_env: Option<String>,
    #[serde(default)]
    pub models: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessKeyEntry {
    pub name: String,
    pub key_env: String,
    pub scopes: Vec<Scope>,
    /// Rate limits over a sliding minute; past them, 429 with Retry-After.
    pub requests_per_minute: Option<u32>,
    pub tokens_per_minute: Option<u32>,
}

pub fn parse(text: &str) -> Result<Config> {
    toml::from_str(text).map_err(|e| Error::invalid("invalid_config", format!("The config file is not valid: {e}")))
}

fn env(name: &str, what: &str) -> Result<String> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .ok_or_else(|| Error::invalid("missing_env", format!("{what} reads ${name}, which is not set.")))
}

/// Brings `core`'s data in line with the file: providers, routes and access keys by name, in one transaction
/// (every variable is read first, so a missing one changes nothing); then the cache settings.
pub async fn apply(core: &Core, config: &Config) -> Result<Reconciled> {
    let mut declared = Declared::default();
    for p in &config.providers {
        let api_key = p.api_key_env.as_deref().map(|var| env(var, &format!("Provider '{}'", p.name))).transpose()?;
        declared.providers.push(DeclaredProvider {
            name: p.name.clone(),
            preset: match p.wire {
                WireName::OpenAi => "custom".into(),
                WireName::Anthropic => "custom_anthropic".into(),
                WireName::Gemini => "custom_gemini".into(),
            },
            base_url: p.base_url.clone(),
            api_key,
            models: p.models.clone(),
        });
    }
    for r in &config.routes {
        declared.routes.push(DeclaredRoute {
            name: r.name.clone(),
            strategy: r.strategy,
            targets: r.targets.iter().map(|t| (t.provider.clone(), t.model.clone(), t.weight)).collect(),
            strict: r.strict,
            cache: r.cache,
            cache_tool_calls: r.cache_tool_calls,
        });
    }
    for k in &config.access_keys {
        let secret = env(&k.key_env, &format!("Access key '{}'", k.name))?;
        let limits = RateLimits { requests_per_minute: k.requests_per_minute, tokens_per_minute: k.tokens_per_minute };
        declared.access_keys.push(DeclaredKey { name: k.name.clone(), secret, scopes: k.scopes.clone(), limits });
    }
    let done = core.reconcile(declared).await?;
    let c = &config.cache;
    if c.policy.is_some() || c.memory_mb.is_some() || c.disk_mb.is_some() || c.ttl_days.is_some() {
        let mut s = core.get_settings().await?;
        s.cache_policy = c.policy.unwrap_or(s.cache_policy);
        s.cache_memory_mb = c.memory_mb.unwrap_or(s.cache_memory_mb);
        s.cache_disk_mb = c.disk_mb.unwrap_or(s.cache_disk_mb);
        s.cache_ttl_days = c.ttl_days.unwrap_or(s.cache_ttl_days);
        core.update_settings(s).await?;
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_shape_and_rejects_unknown_fields() {
        let c = parse(
            r#"
            [gateway]
            port = 9000
            [[providers]]
            name = "mock"
            wire = "anthropic"
            base_url = "http://127.0.0.1:4010/v1"
            api_key_env = "MOCK_KEY"
            models = ["claude-sonnet-4-5"]
            [[access_keys]]
            name = "ci"
            key_env = "SY_KEY"
            scopes = ["chat"]
            "#,
        )
        .unwrap();
        assert_eq!(c.gateway.port, Some(9000));
        assert_eq!(c.providers[0].wire, WireName::Anthropic);
        let gemini = parse("[[providers]]\nname = 'g'\nwire = 'gemini'\nbase_url = 'http://x/v1beta'").unwrap();
        assert_eq!(gemini.providers[0].wire, WireName::Gemini);
        assert_eq!(c.access_keys[0].scopes, vec![Scope::Chat]);
        assert_eq!(
            parse("[[providers]]\nname = 'x'\nwire = 'openai'\nbase_url = 'http://x'\ncolour = 1").unwrap_err().code,
            "invalid_config"
        );
        assert_eq!(parse("[gateway]\nport = 'high'").unwrap_err().code, "invalid_config");
        let refusing = parse("[gateway]\nmax_tokens_over_limit = 'refuse'").unwrap();
        assert_eq!(refusing.gateway.router().over_limit, switchyard_core::router::fit::OverLimit::Refuse);
        assert_eq!(parse("").unwrap().gateway.router().over_limit, switchyard_core::router::fit::OverLimit::Clamp);
        assert!(parse("[gateway]\nmax_tokens_over_limit = 'sometimes'").is_err());
        let caps = parse("[gateway]\nmax_answer_kb = 64\nreplay_kb = 8").unwrap().gateway;
        assert_eq!((caps.deadlines().max_answer_bytes, caps.router().replay_bytes), (64 * 1024, 8 * 1024));
        let defaults = parse("").unwrap().gateway;
        assert_eq!(defaults.deadlines().max_answer_bytes, switchyard_core::providers::DEFAULT_MAX_ANSWER_BYTES);
        assert_eq!(defaults.router().replay_bytes, switchyard_core::router::coalesce::DEFAULT_REPLAY_BYTES);
        let route = parse("[[routes]]\nname = 'r'\nstrict = true\ntargets = []").unwrap();
        assert!(route.routes[0].strict);
    }

    async fn core() -> (tempfile::TempDir, Core) {
        let dir = tempfile::tempdir().unwrap();
        let secrets = std::sync::Arc::new(switchyard_core::secrets::MemorySecretStore::default());
        let core = Core::open(switchyard_core::CoreConfig::new(dir.path().to_owned(), secrets)).await.unwrap();
        (dir, core)
    }

    #[tokio::test]
    async fn applies_providers_routes_and_keys_from_the_environment() {
        // Names of their own: tests run in parallel and share the process environment.
        std::env::set_var("CONFIG_TEST_UPSTREAM_KEY", "sk-upstream");
        std::env::set_var("CONFIG_TEST_ACCESS_KEY", "sy-config-test-key-0123456789");
        let config = parse(
            r#"
            [gateway]
            first_byte_timeout_ms = 1500
            idle_timeout_ms = 2500
            total_timeout_ms = 9000
            max_retries = 0
            [[providers]]
            name = "oa"
            wire = "openai"
            base_url = "http://127.0.0.1:1/v1"
            api_key_env = "CONFIG_TEST_UPSTREAM_KEY"
            models = ["m1", "m2"]
            [[providers]]
            name = "an"
            wire = "anthropic"
            base_url = "http://127.0.0.1:2/v1"
            [[providers]]
            name = "ge"
            wire = "gemini"
            base_url = "http://127.0.0.1:3/v1beta"
            [[routes]]
            name = "smart"
            strategy = "weighted"
            targets = [{ provider = "oa", model = "m1", weight = 3 }, { provider = "an", model = "c" }]
            cache = "always"
            cache_tool_calls = true
            [cache]
            policy = "off"
            disk_mb = 32
            ttl_days = 2
            [[access_keys]]
            name = "ci"
            key_env = "CONFIG_TEST_ACCESS_KEY"
            scopes = ["chat", "models"]
            requests_per_minute = 30
            "#,
        )
        .unwrap();
        let d = config.gateway.deadlines();
        assert_eq!((d.first_byte.as_millis(), d.idle.as_millis(), d.total.as_millis()), (1500, 2500, 9000));
        assert_eq!(config.gateway.router().retry.max_retries, 0);
        let (_dir, core) = core().await;
        apply(&core, &config).await.unwrap();
        let providers = core.list_providers().await.unwrap();
        let oa = providers.iter().find(|p| p.name == "oa").unwrap();
        assert_eq!((oa.preset.as_str(), oa.has_key, oa.models.len()), ("custom", true, 2));
        assert_eq!(oa.default_model.as_deref(), Some("m1"));
        let an = providers.iter().find(|p| p.name == "an").unwrap();
        assert_eq!((an.preset.as_str(), an.has_key), ("custom_anthropic", false));
        let ge = providers.iter().find(|p| p.name == "ge").unwrap();
        assert_eq!(ge.preset.as_str(), "custom_gemini");
        let route = &core.list_routes().await.unwrap()[0];
        assert_eq!((route.strategy, route.targets.len(), route.targets[0].weight), (Strategy::Weighted, 2, 3));
        assert_eq!((route.cache, route.cache_tool_calls), (Some(CachePolicy::Always), true));
        let s = core.get_settings().await.unwrap();
        assert_eq!(
            (s.cache_policy, s.cache_memory_mb, s.cache_disk_mb, s.cache_ttl_days),
            (CachePolicy::Off, 64, 32, 2)
        );
        let key = core.authorize(Some("sy-config-test-key-0123456789"), Scope::Models).await.unwrap();
        assert_eq!(key.name, "ci");
        assert_eq!((key.limits.requests_per_minute, key.limits.tokens_per_minute), (Some(30), None));
    }

    #[tokio::test]
    async fn a_missing_variable_or_an_unknown_provider_is_named() {
        let (_dir, core) = core().await;
        let missing = parse(
            "[[providers]]\nname = 'p'\nwire = 'openai'\nbase_url = 'http://x'\napi_key_env = 'CONFIG_TEST_UNSET_VAR'",
        )
        .unwrap();
        let e = apply(&core, &missing).await.unwrap_err();
        assert_eq!(e.code, "missing_env");
        assert!(e.message.contains("CONFIG_TEST_UNSET_VAR") && e.message.contains("'p'"), "{}", e.message);
        let stray = parse("[[routes]]\nname = 'r'\ntargets = [{ provider = 'ghost', model = 'm' }]").unwrap();
        let e = apply(&core, &stray).await.unwrap_err();
        assert_eq!(e.code, "unknown_provider");
        assert!(e.message.contains("ghost"));
        let keyless =
            parse("[[access_keys]]\nname = 'k'\nkey_env = 'CONFIG_TEST_UNSET_KEY'\nscopes = ['chat']").unwrap();
        assert_eq!(apply(&core, &keyless).await.unwrap_err().code, "missing_env");
    }
}
