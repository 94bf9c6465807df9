//! What a call cost, in the provider's currency and in US dollars.
//!
//! Where a price comes from, first match wins:
//! 1. the user's override for the provider record and model (`PriceOverride`);
//! 2. a model on the user's machine (presets `ollama`, `lmstudio`): free;
//! 3. Switchyard's own table (pricing/bundled_table.rs): Qwen/DashScope, SiliconFlow, and Zhipu's
//!    open.bigmodel.cn, which bill in CNY and stay in CNY;
//! 4. genai-prices' bundled data (USD), by the preset's provider or, for custom presets, by base URL; priced at
//!    the call's timestamp, which selects DeepSeek's off-peak window and dated price changes;
//! 5. otherwise unpriced (`None`), never 0.
//!
//! Tokens, as `Usage` counts them: `input_tokens` is every prompt token, cached ones included, and
//! `cache_read_tokens`/`cache_write_tokens` count those again; `reasoning_tokens` are part of `output_tokens`.
//! Where each provider reports its cache tokens (`details` = `prompt_tokens_details`); translate/anthropic_messages.rs
//! reads Anthropic's (and adds both to input), translate/openai_chat.rs `usage_from_wire` everyone else's:
//!
//! | Provider          | Cache read                      | Cache write                           |
//! |-------------------|---------------------------------|---------------------------------------|
//! | OpenAI            | `details.cached_tokens`         | — (not billed)                        |
//! | Anthropic         | `cache_read_input_tokens`       | `cache_creation_input_tokens`         |
//! | DeepSeek          | `prompt_cache_hit_tokens`       | — (not billed)                        |
//! | Qwen / DashScope  | `details.cached_tokens`         | `details.cache_creation_input_tokens` |
//! | Zhipu GLM         | `details.cached_tokens`         | — (not billed)                        |
//! | Moonshot / Kimi   | `cached_tokens` (top level)     | — (automatic cache)                   |
//! | SiliconFlow       | `details.cached_tokens` if sent | —                                     |
//! | OpenRouter        | `details.cached_tokens`         | not read                              |
//! | Ollama, LM Studio | —                               | —                                     |
//!
//! DeepSeek's `prompt_cache_miss_tokens` is the rest of the prompt; DashScope reports cache writes only for
//! explicit caching (`cache_control`), and bills its hits at 10% rather than the implicit 20% we assume.

mod bundled;
mod bundled_table;
mod exchange;
mod genai;
mod overrides;
mod rate_card;

use std::collections::HashMap;
use std::sync::Arc;

pub use exchange::{default_rates, ExchangeRate};
pub use overrides::PriceOverride;

use crate::cost::money::{Cost, PriceSource};
use crate::ir::Usage;
use exchange::Rates;

#[derive(Debug, Clone, Copy)]
pub struct PriceQuery<'a> {
    /// Our provider record's id (overrides are keyed by it).
    pub provider_id: &'a str,
    /// The `providers::presets` id: openai, deepseek, qwen, zhipu, siliconflow, moonshot, openrouter, anthropic,
    /// ollama, lmstudio, custom, custom_anthropic.
    pub preset: &'a str,
    pub base_url: &'a str,
    /// The model the provider answered with (or was asked for).
    pub model: &'a str,
    pub usage: &'a Usage,
    /// The call's timestamp, epoch ms UTC.
    pub at_ms: i64,
}

const LOCAL_PRESETS: &[&str] = &["ollama", "lmstudio"];

/// What is being priced: a finished call, or the most a call about to be made can cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    Actual,
    Max,
}

/// Cheap to clone; rebuild it when the overrides or rates change.
#[derive(Debug, Clone)]
pub struct Pricer {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    /// Keyed by provider id and lower-cased model.
    overrides: HashMap<(String, String), PriceOverride>,
    rates: Rates,
}

impl Pricer {
    pub fn new(overrides: Vec<PriceOverride>, rates: Vec<ExchangeRate>) -> Self {
        genai::warm();
        let overrides =
            overrides.into_iter().map(|o| ((o.provider_id.clone(), o.model.to_ascii_lowercase()), o)).collect();
        Pricer { inner: Arc::new(Inner { overrides, rates: Rates::new(rates) }) }
    }

    /// None: unpriced.
    pub fn price(&self, q: &PriceQuery) -> Option<Cost> {
        self.quote(q, Bound::Actual)
    }

    /// The most the call can cost, for budget reservations: `q.usage` holds the input estimate and the max output.
    /// Tiers follow that usage (a tier that depends on output length takes the max output); a time-of-day
    /// discount is not assumed (the call may start outside it); reasoning or thinking-mode output takes the
    /// dearer of its rate and the output rate. A model priced by genai-prices is looked up at 49 instants of the
    /// call's UTC day (each lookup some tens of µs in a debug build).
    pub fn estimate_max(&self, q: &PriceQuery) -> Option<Cost> {
        self.quote(q, Bound::Max)
    }

    fn quote(&self, q: &PriceQuery, bound: Bound) -> Option<Cost> {
        let usage = consistent(q.usage);
        let rates = &self.inner.rates;
        if let Some(o) = self.inner.overrides.get(&(q.provider_id.to_owned(), q.model.trim().to_ascii_lowercase())) {
            let card = o.rate_card();
            let micros = match bound {
                Bound::Actual => card.charge(&usage),
                Bound::Max => card.charge_max(&usage),
            };
            return rates.cost(micros, &o.currency, PriceSource::Override);
        }
        if LOCAL_PRESETS.contains(&q.preset) {
            return Some(Cost::free(PriceSource::Local));
        }
        if let Some((micros, currency)) = bundled::quote(q.preset, q.base_url, q.model, &usage, bound) {
            return rates.cost(micros, currency, PriceSource::Bundled);
        }
        let usd_micros = genai::quote(q, &usage, bound)?;
        rates.cost(usd_micros, "USD", PriceSource::GenaiPrices)
    }
}

/// An upstream that reports more cached than prompt tokens (or more reasoning than output) is read as having
/// at least as many prompt (output) tokens, rather than leaving the call unpriced.
fn consistent(u: &Usage) -> Usage {
    Usage {
        input_tokens: u.input_tokens.max(u.cache_read_tokens.saturating_add(u.cache_write_tokens)),
        output_tokens: u.output_tokens.max(u.reasoning_tokens),
        ..*u
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query<'a>(preset: &'a str, model: &'a str, usage: &'a Usage) -> PriceQuery<'a> {
        PriceQuery { provider_id: "p1", preset, base_url: "", model, usage, at_ms: 1_767_268_800_000 }
    }

    #[test]
    fn genai_prices_bills_cache_reads_at_their_rate_and_not_again_as_input() {
        // gpt-4o: $2.50/M input, $1.25/M cached input (https://openai.com/api/pricing/). 10,000 prompt tokens of
        // which 8,000 cached: 2,000 × 2.5 + 8,000 × 1.25 = 5,000 + 10,000 = 15,000 µ$ (35,000 if the cached
        // tokens were also billed as input).
        let u = Usage { input_tokens: 10_000, cache_read_tokens: 8_000, ..Default::default() };
        let c = Pricer::new(vec![], vec![]).price(&query("openai", "gpt-4o", &u)).unwrap();
        assert_eq!((c.usd_micros, c.source), (15_000, PriceSource::GenaiPrices));
    }

    #[test]
    fn inconsistent_usage_is_read_generously_instead_of_left_unpriced() {
        // gpt-4o: 100 cached tokens reported with 0 prompt tokens and 0 output with 10 reasoning:
        // 100 × 1.25 + 10 × 10 = 125 + 100 = 225 µ$.
        let u = Usage { input_tokens: 0, cache_read_tokens: 100, reasoning_tokens: 10, ..Default::default() };
        assert_eq!(Pricer::new(vec![], vec![]).price(&query("openai", "gpt-4o", &u)).unwrap().usd_micros, 225);
    }

    #[test]
    fn an_override_matches_its_model_in_any_case_but_only_for_its_provider() {
        let o = PriceOverride {
            provider_id: "p1".into(),
            model: "My-Model".into(),
            currency: "USD".into(),
            input_micros: 1_000_000,
            output_micros: 0,
            cache_read_micros: None,
            cache_write_micros: None,
            reasoning_micros: None,
        };
        let pricer = Pricer::new(vec![o], vec![]);
        let u = Usage { input_tokens: 7, ..Default::default() };
        assert_eq!(pricer.price(&query("custom", "my-model", &u)).unwrap().micros, 7);
        let other = PriceQuery { provider_id: "p2", ..query("custom", "my-model", &u) };
        assert_eq!(pricer.price(&other), None);
    }
}
