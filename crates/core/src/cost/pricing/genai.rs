//! Prices from genai-prices' bundled data (no network): USD per call as f64, turned into micro-dollars once.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use genai_prices::{Calculator, PriceRequest, UsageKey};

use super::{Bound, PriceQuery};
use crate::ir::Usage;

/// genai-prices' provider for a preset; None for presets it does not know, which are matched by base URL.
fn provider_id(preset: &str) -> Option<&'static str> {
    Some(match preset {
        "openai" => "openai",
        "anthropic" => "anthropic",
        "deepseek" => "deepseek",
        "zhipu" => "zhipuai",
        "moonshot" => "moonshotai",
        "openrouter" => "openrouter",
        _ => return None,
    })
}

/// Our usage in genai-prices' units. Both count every prompt token in `input_tokens` and the cached ones again
/// in their own keys (genai-prices prices `input_tokens` minus its priced descendants), and both count
/// reasoning inside `output_tokens`, so the numbers pass through as they are.
pub(super) fn usage_of(u: &Usage) -> genai_prices::Usage {
    genai_prices::Usage::from([
        (UsageKey::INPUT_TOKENS, f64::from(u.input_tokens)),
        (UsageKey::CACHE_READ_TOKENS, f64::from(u.cache_read_tokens)),
        (UsageKey::CACHE_WRITE_TOKENS, f64::from(u.cache_write_tokens)),
        (UsageKey::OUTPUT_TOKENS, f64::from(u.output_tokens)),
        (UsageKey::OUTPUT_REASONING_TOKENS, f64::from(u.reasoning_tokens)),
    ])
}

/// Decodes the bundled data (tens of milliseconds in release builds, about a second in debug ones), so that
/// building a pricer at startup pays for it rather than the first call.
pub(super) fn warm() {
    let _ = Calculator::bundled();
}

fn price_at(q: &PriceQuery, usage: &genai_prices::Usage, at: SystemTime) -> Option<f64> {
    let request = PriceRequest::new(q.model, usage).with_timestamp(at);
    let request = match provider_id(q.preset) {
        Some(id) => request.with_provider_id(id),
        None if !q.base_url.trim().is_empty() => request.with_provider_api_url(q.base_url),
        None => return None,
    };
    match Calculator::bundled().calculate(&request) {
        Ok(price) => Some(price.total_price),
        Err(e) => {
            tracing::debug!(model = q.model, preset = q.preset, error = %e, "genai-prices has no price");
            None
        }
    }
}

/// Micro-dollars, rounded half away from zero (the one float-to-integer step).
fn to_micros(usd: f64) -> Option<i64> {
    let micros = (usd * 1e6).round();
    (micros.is_finite() && micros >= 0.0 && micros <= i64::MAX as f64).then_some(micros as i64)
}

const HALF_HOUR_MS: i64 = 30 * 60 * 1000;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// The call's instant, or for the most it can cost also the middle of every half hour of its UTC day: every
/// time-of-day window in the data (DeepSeek's off-peak 16:30–00:30, …) starts and ends on a half hour, so each
/// window holds a sample and the peak rate is among them.
fn instants(at_ms: i64, bound: Bound) -> Vec<i64> {
    let mut at = vec![at_ms];
    if bound == Bound::Max {
        let day = at_ms.div_euclid(DAY_MS) * DAY_MS;
        at.extend((0..48).map(|i| day + i * HALF_HOUR_MS + HALF_HOUR_MS / 2));
    }
    at
}

pub(super) fn quote(q: &PriceQuery, u: &Usage, bound: Bound) -> Option<i64> {
    let usage = usage_of(u);
    let mut most: Option<f64> = None;
    for at_ms in instants(q.at_ms, bound) {
        let at = UNIX_EPOCH + Duration::from_millis(at_ms.max(0) as u64);
        let price = price_at(q, &usage, at)?;
        most = Some(most.map_or(price, |m| m.max(price)));
    }
    to_micros(most?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mapped_provider_exists_in_the_bundled_data() {
        for preset in ["openai", "anthropic", "deepseek", "zhipu", "moonshot", "openrouter"] {
            let id = provider_id(preset).unwrap();
            assert!(Calculator::bundled().find_provider(Some(id), None).unwrap().is_some(), "{id}");
        }
        assert_eq!(provider_id("qwen"), None);
        assert_eq!(provider_id("custom"), None);
    }

    #[test]
    fn rounds_the_float_once_and_refuses_nonsense() {
        assert_eq!(to_micros(0.000_014_135), Some(14));
        assert_eq!(to_micros(0.000_001_6), Some(2));
        assert_eq!(to_micros(0.001_25), Some(1_250));
        assert_eq!(to_micros(f64::NAN), None);
        assert_eq!(to_micros(-1.0), None);
    }

    #[test]
    fn the_most_a_call_can_cost_samples_its_whole_utc_day() {
        let noon = 1_767_268_800_000; // 2026-01-01T12:00:00Z
        assert_eq!(instants(noon, Bound::Actual), vec![noon]);
        let all = instants(noon, Bound::Max);
        assert_eq!(all.len(), 49);
        assert_eq!(all[1], noon - 12 * 3_600_000 + 15 * 60_000); // 00:15
        assert_eq!(all[48], noon + 12 * 3_600_000 - 15 * 60_000); // 23:45
    }
}
