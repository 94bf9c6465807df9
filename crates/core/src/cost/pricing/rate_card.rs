//! A price list in integer micro-units per million tokens, and what a call's tokens cost at it.

use crate::ir::Usage;

const PER: i128 = 1_000_000;

/// Micro-units of one currency per million tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RateCard {
    pub input: i64,
    pub output: i64,
    pub cache_read: i64,
    pub cache_write: i64,
    /// Reasoning tokens at their own rate; None: they are billed as output, which they are part of.
    pub reasoning: Option<i64>,
}

impl RateCard {
    /// Micro-units for `u`, summed exactly and rounded once (half away from zero).
    pub fn charge(&self, u: &Usage) -> i64 {
        let tokens = |n: u32| i128::from(n);
        let cached = tokens(u.cache_read_tokens) + tokens(u.cache_write_tokens);
        let fresh_input = (tokens(u.input_tokens) - cached).max(0);
        let reasoning = match self.reasoning {
            Some(_) => tokens(u.reasoning_tokens.min(u.output_tokens)),
            None => 0,
        };
        let answer = tokens(u.output_tokens) - reasoning;
        let rate = i128::from;
        let numerator = fresh_input * rate(self.input)
            + tokens(u.cache_read_tokens) * rate(self.cache_read)
            + tokens(u.cache_write_tokens) * rate(self.cache_write)
            + answer * rate(self.output)
            + reasoning * rate(self.reasoning.unwrap_or(self.output));
        div_round(numerator, PER)
    }

    /// The most `u` can cost: how much of the output will be reasoning is not known before the call, so all of it
    /// is priced at the dearer of the two rates.
    pub fn charge_max(&self, u: &Usage) -> i64 {
        let output = self.output.max(self.reasoning.unwrap_or(self.output));
        RateCard { output, reasoning: None, ..*self }.charge(u)
    }
}

/// `n / d` rounded half away from zero, saturated to i64 (`d` > 0).
pub(crate) fn div_round(n: i128, d: i128) -> i64 {
    let half = d / 2;
    let q = if n >= 0 { (n + half) / d } else { (n - half) / d };
    q.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(reasoning: Option<i64>) -> RateCard {
        RateCard { input: 1_000_000, output: 2_000_000, cache_read: 100_000, cache_write: 1_250_000, reasoning }
    }

    fn usage(input: u32, read: u32, write: u32, output: u32, reasoning: u32) -> Usage {
        Usage {
            input_tokens: input,
            cache_read_tokens: read,
            cache_write_tokens: write,
            output_tokens: output,
            reasoning_tokens: reasoning,
            estimated: false,
        }
    }

    #[test]
    fn cached_tokens_leave_the_input_rate_and_take_their_own() {
        // 1 unit/M input, 0.1 read, 1.25 write, 2 output. 1000 prompt tokens of which 600 read and 200 written:
        // 200 × 1 + 600 × 0.1 + 200 × 1.25 = 200 + 60 + 250 = 510 µ; 10 output × 2 = 20 µ.
        assert_eq!(card(None).charge(&usage(1000, 600, 200, 10, 0)), 530);
    }

    #[test]
    fn reasoning_is_output_unless_it_has_its_own_rate() {
        // 100 output of which 40 reasoning: as output 100 × 2 = 200 µ; at 5/M: 60 × 2 + 40 × 5 = 320 µ.
        assert_eq!(card(None).charge(&usage(0, 0, 0, 100, 40)), 200);
        assert_eq!(card(Some(5_000_000)).charge(&usage(0, 0, 0, 100, 40)), 320);
        // The most: all 100 at the dearer rate.
        assert_eq!(card(Some(5_000_000)).charge_max(&usage(0, 0, 0, 100, 0)), 500);
        assert_eq!(card(Some(1_000_000)).charge_max(&usage(0, 0, 0, 100, 0)), 200);
    }

    #[test]
    fn rounds_once_half_away_from_zero() {
        // Three parts of 0.4 µ each: 1.2 µ rounds to 1, where rounding each part would give 0.
        let c = RateCard { input: 400_000, output: 400_000, cache_read: 400_000, cache_write: 0, reasoning: None };
        assert_eq!(c.charge(&usage(2, 1, 0, 1, 0)), 1);
        assert_eq!(div_round(5, 10), 1);
        assert_eq!(div_round(4, 10), 0);
        assert_eq!(div_round(-5, 10), -1);
    }
}
