//! Exponential backoff with full jitter, capped, and never shorter than what the upstream asked for.

use std::time::Duration;

#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Retries after the first try, per target.
    pub max_retries: u32,
    pub base: Duration,
    pub cap: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self { max_retries: 2, base: Duration::from_millis(250), cap: Duration::from_secs(8) }
    }
}

/// `random` in [0, 1) picks the point in the jitter window (injected so tests are exact).
pub fn delay(policy: &RetryPolicy, attempt: u32, retry_after: Option<Duration>, random: f64) -> Duration {
    let ceiling = policy.base.saturating_mul(2u32.saturating_pow(attempt)).min(policy.cap);
    let jittered = ceiling.mul_f64(random.clamp(0.0, 1.0));
    match retry_after {
        Some(asked) => jittered.max(asked.min(policy.cap * 4)),
        None => jittered,
    }
}

pub fn random_unit() -> f64 {
    // Uniform enough for jitter; no need for a crypto RNG.
    (uuid::Uuid::new_v4().as_u128() >> 75) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_exponentially_within_the_cap_and_honours_retry_after() {
        let p = RetryPolicy { max_retries: 5, base: Duration::from_millis(100), cap: Duration::from_secs(1) };
        assert_eq!(delay(&p, 0, None, 0.999_999), Duration::from_millis(100).mul_f64(0.999_999));
        assert_eq!(delay(&p, 3, None, 0.5), Duration::from_millis(400));
        assert_eq!(delay(&p, 10, None, 1.0), Duration::from_secs(1), "capped");
        assert_eq!(delay(&p, 0, None, 0.0), Duration::ZERO, "full jitter reaches zero");
        assert_eq!(delay(&p, 0, Some(Duration::from_secs(2)), 0.1), Duration::from_secs(2));
        assert_eq!(
            delay(&p, 0, Some(Duration::from_secs(60)), 0.1),
            Duration::from_secs(4),
            "a huge Retry-After is bounded"
        );
        let r = random_unit();
        assert!((0.0..1.0).contains(&r));
    }
}
