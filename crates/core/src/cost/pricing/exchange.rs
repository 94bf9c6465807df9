//! Exchange rates into US dollars, and the dated default for the currencies Switchyard's prices come in.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::rate_card::div_round;
use crate::cost::money::{Cost, PriceSource, MICROS};

/// How many micro-dollars one unit of `currency` is worth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ExchangeRate {
    /// ISO 4217 code: `CNY`, `EUR`, …
    pub currency: String,
    #[specta(type = specta_typescript::Number)]
    pub usd_per_unit_micros: i64,
}

/// 1 USD = 7.25 CNY: the rate genai-prices used (May/June 2026) to turn Zhipu's CNY prices into the USD figures
/// it bundles, so a CNY price from our own table and a converted one from genai-prices agree. The user can set
/// their own rate in settings.
pub fn default_rates() -> Vec<ExchangeRate> {
    vec![ExchangeRate { currency: "CNY".into(), usd_per_unit_micros: 137_931 }]
}

/// The rates a `Pricer` converts with. USD is always 1:1, whatever the list says.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rates(HashMap<String, i64>);

impl Rates {
    pub fn new(rates: Vec<ExchangeRate>) -> Self {
        Rates(
            rates
                .into_iter()
                .filter(|r| r.usd_per_unit_micros > 0 && r.currency != "USD")
                .map(|r| (r.currency, r.usd_per_unit_micros))
                .collect(),
        )
    }

    pub fn usd_per_unit_micros(&self, currency: &str) -> Option<i64> {
        if currency == "USD" {
            return Some(MICROS);
        }
        self.0.get(currency).copied()
    }

    /// A cost of `micros` of `currency`. None when there is no rate for it: a price whose dollar value is unknown
    /// is left unpriced rather than counted as 0 against USD budgets (which a `Cost` without a USD figure would
    /// become); the report lists it as unpriced, so the user sees that a rate is missing.
    pub fn cost(&self, micros: i64, currency: &str, source: PriceSource) -> Option<Cost> {
        let rate = self.usd_per_unit_micros(currency)?;
        let usd_micros = div_round(i128::from(micros) * i128::from(rate), i128::from(MICROS));
        Some(Cost { micros, currency: currency.to_owned(), usd_micros, usd_per_unit_micros: rate, source })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_at_the_rate_and_keeps_the_native_amount() {
        let rates = Rates::new(default_rates());
        // 0.06 CNY at 0.137931 USD/CNY = 0.00827586 USD → 8276 µ$.
        let c = rates.cost(60_000, "CNY", PriceSource::Bundled).unwrap();
        assert_eq!(
            (c.micros, c.currency.as_str(), c.usd_micros, c.usd_per_unit_micros),
            (60_000, "CNY", 8_276, 137_931)
        );
        let usd = rates.cost(1_234, "USD", PriceSource::GenaiPrices).unwrap();
        assert_eq!((usd.usd_micros, usd.usd_per_unit_micros), (1_234, MICROS));
    }

    #[test]
    fn a_currency_without_a_usable_rate_is_unpriced_and_usd_cannot_be_redefined() {
        let rates = Rates::new(vec![
            ExchangeRate { currency: "EUR".into(), usd_per_unit_micros: 0 },
            ExchangeRate { currency: "USD".into(), usd_per_unit_micros: 2 * MICROS },
        ]);
        assert_eq!(rates.cost(100, "EUR", PriceSource::Override), None);
        assert_eq!(rates.cost(100, "JPY", PriceSource::Override), None);
        assert_eq!(rates.usd_per_unit_micros("USD"), Some(MICROS));
    }
}
