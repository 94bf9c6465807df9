//! Placeholder until the pricing room lands (branch `pricing`): local models are free, everything else unpriced.
//! The signatures are the contract the meter and budgets are written against.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::money::{Cost, PriceSource};
use crate::ir::Usage;

pub struct PriceQuery<'a> {
    pub provider_id: &'a str,
    pub preset: &'a str,
    pub base_url: &'a str,
    pub model: &'a str,
    pub usage: &'a Usage,
    pub at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct PriceOverride {
    pub provider_id: String,
    pub model: String,
    pub currency: String,
    #[specta(type = specta_typescript::Number)]
    pub input_micros: i64,
    #[specta(type = specta_typescript::Number)]
    pub output_micros: i64,
    #[specta(type = Option<specta_typescript::Number>)]
    pub cache_read_micros: Option<i64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub cache_write_micros: Option<i64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub reasoning_micros: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ExchangeRate {
    pub currency: String,
    #[specta(type = specta_typescript::Number)]
    pub usd_per_unit_micros: i64,
}

pub fn default_rates() -> Vec<ExchangeRate> {
    vec![ExchangeRate { currency: "CNY".into(), usd_per_unit_micros: 138_000 }]
}

#[derive(Clone, Default)]
pub struct Pricer {
    overrides: Arc<Vec<PriceOverride>>,
}

impl Pricer {
    pub fn new(overrides: Vec<PriceOverride>, _rates: Vec<ExchangeRate>) -> Self {
        Self { overrides: Arc::new(overrides) }
    }

    pub fn price(&self, q: &PriceQuery) -> Option<Cost> {
        if matches!(q.preset, "ollama" | "lmstudio") {
            return Some(Cost::free(PriceSource::Local));
        }
        let o = self.overrides.iter().find(|o| o.provider_id == q.provider_id && o.model == q.model)?;
        let u = q.usage;
        let micros = (u.input_tokens as i128 * o.input_micros as i128
            + u.output_tokens as i128 * o.output_micros as i128)
            / 1_000_000;
        Some(Cost {
            micros: micros as i64,
            currency: o.currency.clone(),
            usd_micros: micros as i64,
            usd_per_unit_micros: 1_000_000,
            source: PriceSource::Override,
        })
    }

    pub fn estimate_max(&self, q: &PriceQuery) -> Option<Cost> {
        self.price(q)
    }
}
