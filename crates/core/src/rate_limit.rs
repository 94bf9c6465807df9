//! Rate limits per access key: requests per minute and tokens per minute, over a sliding minute.
//!
//! A request is counted when it is let in; its tokens once its answer is metered (the ledger row), so a key over
//! its tokens waits until enough of the last minute's tokens have aged out. A refusal is a `rate_limited` error
//! with the time until the key may try again, which the gateway sends as 429 with Retry-After.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::cost::budget_book::Clock;
use crate::error::{Error, ErrorCategory, Result};

const MINUTE_MS: i64 = 60_000;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct RateLimits {
    /// None: no limit.
    pub requests_per_minute: Option<u32>,
    pub tokens_per_minute: Option<u32>,
}

impl RateLimits {
    pub fn is_unlimited(&self) -> bool {
        self.requests_per_minute.is_none() && self.tokens_per_minute.is_none()
    }

    pub fn validate(&self) -> Result<()> {
        if self.requests_per_minute == Some(0) || self.tokens_per_minute == Some(0) {
            return Err(Error::invalid("invalid_rate_limit", "A rate limit must be at least 1 per minute (or none)."));
        }
        Ok(())
    }
}

#[derive(Default)]
struct Window {
    /// When each request of the last minute was let in.
    requests: VecDeque<i64>,
    /// When each answer of the last minute was metered, and its tokens.
    tokens: VecDeque<(i64, u64)>,
    token_sum: u64,
}

impl Window {
    fn forget_before(&mut self, since: i64) {
        while self.requests.front().is_some_and(|&at| at <= since) {
            self.requests.pop_front();
        }
        while let Some(&(at, n)) = self.tokens.front() {
            if at > since {
                break;
            }
            self.token_sum -= n;
            self.tokens.pop_front();
        }
    }

    /// How long until the tokens of the last minute fall under `limit`.
    fn tokens_free_in(&self, limit: u64, now: i64) -> i64 {
        let mut sum = self.token_sum;
        for &(at, n) in &self.tokens {
            sum -= n;
            if sum < limit {
                return at + MINUTE_MS - now;
            }
        }
        0
    }
}

pub struct RateLimiter {
    clock: Arc<dyn Clock>,
    limits: Mutex<HashMap<String, RateLimits>>,
    windows: Mutex<HashMap<String, Window>>,
}

impl RateLimiter {
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self { clock, limits: Mutex::default(), windows: Mutex::default() }
    }

    /// The key's limits as last read from the database (every authorization that reads the key sets them).
    pub fn set_limits(&self, key_id: &str, limits: RateLimits) {
        let mut all = self.limits.lock().unwrap();
        if limits.is_unlimited() {
            all.remove(key_id);
        } else {
            all.insert(key_id.to_owned(), limits);
        }
    }

    /// Lets a request of the key in, and counts it; or says how long to wait.
    pub fn admit(&self, key_id: &str) -> Result<()> {
        let Some(limits) = self.limits.lock().unwrap().get(key_id).copied() else { return Ok(()) };
        let now = self.clock.now_ms();
        let mut windows = self.windows.lock().unwrap();
        let window = windows.entry(key_id.to_owned()).or_default();
        window.forget_before(now - MINUTE_MS);
        if let Some(rpm) = limits.requests_per_minute {
            if window.requests.len() >= rpm as usize {
                let wait = window.requests[window.requests.len() - rpm as usize] + MINUTE_MS - now;
                return Err(refused(format!("{rpm} requests per minute"), wait));
            }
        }
        if let Some(tpm) = limits.tokens_per_minute {
            if window.token_sum >= u64::from(tpm) {
                return Err(refused(format!("{tpm} tokens per minute"), window.tokens_free_in(tpm.into(), now)));
            }
        }
        window.requests.push_back(now);
        Ok(())
    }

    /// Counts a metered answer's tokens against its key.
    pub fn spend(&self, key_id: &str, tokens: u64) {
        if tokens == 0 || self.limits.lock().unwrap().get(key_id).is_none_or(|l| l.tokens_per_minute.is_none()) {
            return;
        }
        let now = self.clock.now_ms();
        let mut windows = self.windows.lock().unwrap();
        let window = windows.entry(key_id.to_owned()).or_default();
        window.forget_before(now - MINUTE_MS);
        window.tokens.push_back((now, tokens));
        window.token_sum += tokens;
    }
}

fn refused(limit: String, wait_ms: i64) -> Error {
    let wait = Duration::from_millis(wait_ms.max(1) as u64);
    let mut e = Error::new(
        ErrorCategory::RateLimited,
        "access_key_rate_limited",
        format!(
            "This access key may make {limit}; try again in {} s. Its limits are set in Settings → Gateway.",
            wait.as_millis().div_ceil(1000)
        ),
    );
    e.retry_after = Some(wait);
    e
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicI64, Ordering};

    use super::*;

    #[derive(Default)]
    struct TestClock(AtomicI64);

    impl Clock for TestClock {
        fn now_ms(&self) -> i64 {
            self.0.load(Ordering::Relaxed)
        }
        fn tz_offset_minutes(&self) -> i32 {
            0
        }
    }

    fn limiter(rpm: Option<u32>, tpm: Option<u32>) -> (Arc<TestClock>, RateLimiter) {
        let clock = Arc::new(TestClock::default());
        let limiter = RateLimiter::new(clock.clone());
        limiter.set_limits("k", RateLimits { requests_per_minute: rpm, tokens_per_minute: tpm });
        (clock, limiter)
    }

    #[test]
    fn requests_per_minute_slide_with_the_clock() {
        let (clock, l) = limiter(Some(3), None);
        for at in [0, 10_000, 20_000] {
            clock.0.store(at, Ordering::Relaxed);
            l.admit("k").unwrap();
        }
        clock.0.store(30_000, Ordering::Relaxed);
        let e = l.admit("k").unwrap_err();
        assert_eq!((e.category, e.code.as_str()), (ErrorCategory::RateLimited, "access_key_rate_limited"));
        assert_eq!(e.retry_after, Some(Duration::from_secs(30)), "the first request ages out at 60 s");
        assert!(e.message.contains("3 requests per minute") && e.message.contains("30 s"), "{}", e.message);
        clock.0.store(60_000, Ordering::Relaxed);
        l.admit("k").unwrap();
        assert!(l.admit("k").is_err(), "the refused request was not counted, the admitted one is");
        assert!(l.admit("other").is_ok(), "a key without limits is never refused");
    }

    #[test]
    fn tokens_per_minute_count_metered_answers_and_free_up_as_they_age() {
        let (clock, l) = limiter(None, Some(1000));
        l.admit("k").unwrap();
        l.spend("k", 600);
        clock.0.store(20_000, Ordering::Relaxed);
        l.admit("k").unwrap();
        l.spend("k", 500);
        clock.0.store(30_000, Ordering::Relaxed);
        let e = l.admit("k").unwrap_err();
        assert!(e.message.contains("1000 tokens per minute"), "{}", e.message);
        assert_eq!(e.retry_after, Some(Duration::from_secs(30)), "under the limit once the 600 age out at 60 s");
        clock.0.store(60_001, Ordering::Relaxed);
        l.admit("k").unwrap();
    }

    #[test]
    fn the_wait_is_until_enough_tokens_age_out_and_a_minute_old_answer_no_longer_counts() {
        let (clock, l) = limiter(None, Some(1000));
        for (at, tokens) in [(0, 200), (10_000, 300), (20_000, 700)] {
            clock.0.store(at, Ordering::Relaxed);
            l.admit("k").unwrap();
            l.spend("k", tokens);
        }
        clock.0.store(30_000, Ordering::Relaxed);
        // 1200 in the last minute: the first 200 leave 1000 (not under the limit), the next 300 leave 700.
        assert_eq!(l.admit("k").unwrap_err().retry_after, Some(Duration::from_secs(40)));
        // Exactly a minute after the first answer it has aged out; what is left still counts in full.
        clock.0.store(60_000, Ordering::Relaxed);
        assert!(l.admit("k").is_err(), "1000 tokens remain: still at the limit");
        // At 70 s the 300 of 10 s have aged out too: 700 left.
        clock.0.store(70_000, Ordering::Relaxed);
        l.admit("k").unwrap();
        l.spend("k", 200);
        l.admit("k").unwrap();
        l.spend("k", 200);
        assert!(l.admit("k").is_err(), "700 + 200 + 200 is over 1000");
    }

    #[test]
    fn limits_change_or_go_and_tokens_of_unlimited_keys_are_not_kept() {
        let (_clock, l) = limiter(Some(1), None);
        l.admit("k").unwrap();
        assert!(l.admit("k").is_err());
        l.set_limits("k", RateLimits { requests_per_minute: Some(2), tokens_per_minute: None });
        l.admit("k").unwrap();
        l.set_limits("k", RateLimits::default());
        for _ in 0..10 {
            l.admit("k").unwrap();
        }
        l.spend("free", 10_000);
        assert!(!l.windows.lock().unwrap().contains_key("free"));
    }

    #[test]
    fn zero_is_not_a_limit() {
        assert!(RateLimits { requests_per_minute: Some(0), tokens_per_minute: None }.validate().is_err());
        assert!(RateLimits { requests_per_minute: None, tokens_per_minute: Some(0) }.validate().is_err());
        assert!(RateLimits { requests_per_minute: Some(1), tokens_per_minute: Some(1) }.validate().is_ok());
        assert!(RateLimits::default().is_unlimited());
    }
}
