//! A price the user set for one provider and model; it wins over every bundled price.

use serde::{Deserialize, Serialize};

use super::rate_card::RateCard;
use crate::error::{Error, Result};

/// Per million tokens, in micro-units of `currency`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct PriceOverride {
    /// Our provider record's id.
    pub provider_id: String,
    pub model: String,
    /// ISO 4217 code, capitals: `USD`, `CNY`, …
    pub currency: String,
    #[specta(type = specta_typescript::Number)]
    pub input_micros: i64,
    #[specta(type = specta_typescript::Number)]
    pub output_micros: i64,
    /// None: cache reads cost what input costs.
    #[specta(type = Option<specta_typescript::Number>)]
    pub cache_read_micros: Option<i64>,
    /// None: cache writes cost what input costs.
    #[specta(type = Option<specta_typescript::Number>)]
    pub cache_write_micros: Option<i64>,
    /// None: reasoning tokens are billed as the output they are part of.
    #[specta(type = Option<specta_typescript::Number>)]
    pub reasoning_micros: Option<i64>,
}

impl PriceOverride {
    pub(crate) fn rate_card(&self) -> RateCard {
        RateCard {
            input: self.input_micros,
            output: self.output_micros,
            cache_read: self.cache_read_micros.unwrap_or(self.input_micros),
            cache_write: self.cache_write_micros.unwrap_or(self.input_micros),
            reasoning: self.reasoning_micros,
        }
    }

    pub fn validate(&self) -> Result<()> {
        if self.provider_id.trim().is_empty() {
            return Err(Error::invalid("price_provider_missing", "A price needs the provider it applies to."));
        }
        if self.model.trim().is_empty() {
            return Err(Error::invalid("price_model_missing", "A price needs the model it applies to."));
        }
        if !is_currency_code(&self.currency) {
            return Err(Error::invalid(
                "price_currency_invalid",
                format!("{:?} is not a currency code; use three capital letters, like USD or CNY.", self.currency),
            ));
        }
        let prices = [
            Some(self.input_micros),
            Some(self.output_micros),
            self.cache_read_micros,
            self.cache_write_micros,
            self.reasoning_micros,
        ];
        if prices.into_iter().flatten().any(|p| p < 0) {
            return Err(Error::invalid("price_negative", "A price cannot be negative."));
        }
        Ok(())
    }
}

/// The shape of an ISO 4217 code; whether a rate exists for it is the pricer's concern, since rates can be set later.
fn is_currency_code(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> PriceOverride {
        PriceOverride {
            provider_id: "p1".into(),
            model: "m".into(),
            currency: "USD".into(),
            input_micros: 1_000_000,
            output_micros: 2_000_000,
            cache_read_micros: None,
            cache_write_micros: None,
            reasoning_micros: None,
        }
    }

    #[test]
    fn missing_cache_prices_fall_back_to_input() {
        let card = PriceOverride { cache_write_micros: Some(7), ..sample() }.rate_card();
        assert_eq!((card.cache_read, card.cache_write, card.reasoning), (1_000_000, 7, None));
    }

    #[test]
    fn rejects_what_cannot_be_a_price() {
        let code = |o: PriceOverride| o.validate().unwrap_err().code;
        assert!(sample().validate().is_ok());
        assert_eq!(code(PriceOverride { provider_id: " ".into(), ..sample() }), "price_provider_missing");
        assert_eq!(code(PriceOverride { model: "".into(), ..sample() }), "price_model_missing");
        for bad in ["usd", "US", "USDT", "U$D", ""] {
            assert_eq!(code(PriceOverride { currency: bad.into(), ..sample() }), "price_currency_invalid", "{bad}");
        }
        assert_eq!(code(PriceOverride { output_micros: -1, ..sample() }), "price_negative");
        assert_eq!(code(PriceOverride { reasoning_micros: Some(-1), ..sample() }), "price_negative");
        assert!(PriceOverride { input_micros: 0, output_micros: 0, ..sample() }.validate().is_ok());
    }
}
