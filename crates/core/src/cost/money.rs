//! Money: integer micro-units of a currency, never float sums.

use serde::{Deserialize, Serialize};

/// Micro-units in one unit of a currency.
pub const MICROS: i64 = 1_000_000;

/// Micro-dollars as a person reads them in a message: `$4.05` (cents, rounded down).
pub fn usd_text(micros: i64) -> String {
    let sign = if micros < 0 { "-" } else { "" };
    let m = micros.unsigned_abs();
    format!("{sign}${}.{:02}", m / 1_000_000, (m % 1_000_000) / 10_000)
}

/// Where a call's price came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PriceSource {
    /// The genai-prices database bundled with the app.
    GenaiPrices,
    /// Switchyard's own table, for providers genai-prices does not cover.
    Bundled,
    /// A price the user set for this provider and model.
    Override,
    /// A model running on the user's machine (Ollama, LM Studio): free.
    Local,
    /// Answered by an identical call in flight at the same moment, which paid for both.
    Shared,
    /// The call failed before any answer: nothing was billed.
    NoAnswer,
    /// Answered from the response cache: nothing was sent.
    Cached,
}

/// What one call cost, in the provider's own currency and in US dollars.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Cost {
    /// Micro-units of `currency`.
    #[specta(type = specta_typescript::Number)]
    pub micros: i64,
    /// ISO 4217 code: `USD`, `CNY`, …
    pub currency: String,
    #[specta(type = specta_typescript::Number)]
    pub usd_micros: i64,
    /// The exchange rate used: micro-dollars per one unit of `currency` (1_000_000 for USD).
    #[specta(type = specta_typescript::Number)]
    pub usd_per_unit_micros: i64,
    pub source: PriceSource,
}

impl Cost {
    pub fn free(source: PriceSource) -> Self {
        Cost { micros: 0, currency: "USD".into(), usd_micros: 0, usd_per_unit_micros: MICROS, source }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_read_as_cents_rounded_down() {
        assert_eq!(usd_text(4_059_999), "$4.05");
        assert_eq!(usd_text(0), "$0.00");
        assert_eq!(usd_text(12_000_000), "$12.00");
        assert_eq!(usd_text(-1_500_000), "-$1.50");
    }
}
