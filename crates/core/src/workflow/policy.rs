//! A node's attempts: retried only on the failures its rule names, each attempt within its timeout, waiting
//! `backoff_ms` then twice that between attempts. A node that always fails is tried `max_retries + 1` times.

use std::future::Future;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use super::document::{NodePolicy, RetryOn};
use crate::error::{Error, ErrorCategory, Result};

/// Which retry rule a failure falls under, if any.
pub fn classify(e: &Error) -> Option<RetryOn> {
    match e.code.as_str() {
        "empty_output" => return Some(RetryOn::EmptyOutput),
        "invalid_json" => return Some(RetryOn::InvalidJson),
        "node_timeout" => return Some(RetryOn::Timeout),
        _ => {}
    }
    match e.category {
        ErrorCategory::Connect | ErrorCategory::Timeout => Some(RetryOn::Transport),
        ErrorCategory::RateLimited => Some(RetryOn::RateLimit),
        ErrorCategory::Upstream => Some(RetryOn::ServerError),
        _ => None,
    }
}

pub fn node_timeout(ms: u32) -> Error {
    Error::new(ErrorCategory::Timeout, "node_timeout", format!("the node did not finish within {ms} ms"))
}

/// The wait before retry `n` (0 for the first retry): `backoff_ms · 2ⁿ`, at most a minute.
pub fn backoff(policy: &NodePolicy, n: u32) -> Duration {
    let ms = u64::from(policy.retry.backoff_ms).saturating_mul(1u64 << n.min(20));
    Duration::from_millis(ms.min(60_000))
}

/// Runs `attempt` until it succeeds, fails in a way the rule does not retry, or has had its retries. Returns the
/// outcome and the number of attempts made.
pub async fn attempts<T, F, Fut>(policy: &NodePolicy, cancel: &CancellationToken, mut attempt: F) -> (Result<T>, u32)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let mut made = 0;
    loop {
        made += 1;
        let once = attempt();
        let outcome = match policy.timeout_ms {
            Some(ms) => tokio::time::timeout(Duration::from_millis(u64::from(ms)), once)
                .await
                .unwrap_or_else(|_| Err(node_timeout(ms))),
            None => once.await,
        };
        let retry = match &outcome {
            Ok(_) => false,
            Err(e) => {
                made <= policy.retry.max_retries
                    && !cancel.is_cancelled()
                    && classify(e).is_some_and(|kind| policy.retry.on.contains(&kind))
            }
        };
        if !retry {
            return (outcome, made);
        }
        tokio::select! {
            _ = cancel.cancelled() => return (Err(Error::cancelled()), made),
            _ = tokio::time::sleep(backoff(policy, made - 1)) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;
    use crate::workflow::document::RetryRule;

    fn policy(max_retries: u32, on: Vec<RetryOn>, timeout_ms: Option<u32>) -> NodePolicy {
        NodePolicy { retry: RetryRule { max_retries, backoff_ms: 1, on }, timeout_ms, ..Default::default() }
    }

    fn failing(category: ErrorCategory, code: &str) -> Error {
        Error::new(category, code, "x")
    }

    #[test]
    fn every_failure_falls_under_its_rule() {
        assert_eq!(classify(&failing(ErrorCategory::Upstream, "empty_output")), Some(RetryOn::EmptyOutput));
        assert_eq!(classify(&failing(ErrorCategory::Upstream, "invalid_json")), Some(RetryOn::InvalidJson));
        assert_eq!(classify(&node_timeout(5)), Some(RetryOn::Timeout));
        assert_eq!(classify(&failing(ErrorCategory::Connect, "c")), Some(RetryOn::Transport));
        assert_eq!(classify(&failing(ErrorCategory::Timeout, "t")), Some(RetryOn::Transport));
        assert_eq!(classify(&failing(ErrorCategory::RateLimited, "r")), Some(RetryOn::RateLimit));
        assert_eq!(classify(&failing(ErrorCategory::Upstream, "u")), Some(RetryOn::ServerError));
        for c in [ErrorCategory::Auth, ErrorCategory::InvalidRequest, ErrorCategory::Budget, ErrorCategory::Cancelled] {
            assert_eq!(classify(&failing(c, "x")), None);
        }
    }

    #[test]
    fn backoff_doubles_from_the_first_wait_and_stops_at_a_minute() {
        let p = NodePolicy { retry: RetryRule { backoff_ms: 100, ..Default::default() }, ..Default::default() };
        let waits: Vec<u128> = (0..4).map(|n| backoff(&p, n).as_millis()).collect();
        assert_eq!(waits, [100, 200, 400, 800]);
        assert_eq!(backoff(&p, 30), Duration::from_secs(60));
    }

    #[tokio::test]
    async fn n_retries_make_n_plus_one_attempts_and_only_for_the_named_failures() {
        let calls = AtomicU32::new(0);
        let always = |category| {
            let calls = &calls;
            move || {
                calls.fetch_add(1, Ordering::SeqCst);
                async move { Err::<(), _>(failing(category, "x")) }
            }
        };
        let cancel = CancellationToken::new();
        let (outcome, made) =
            attempts(&policy(5, vec![RetryOn::ServerError], None), &cancel, always(ErrorCategory::Upstream)).await;
        assert_eq!((outcome.is_err(), made, calls.swap(0, Ordering::SeqCst)), (true, 6, 6));
        let (_, made) =
            attempts(&policy(5, vec![RetryOn::RateLimit], None), &cancel, always(ErrorCategory::Upstream)).await;
        assert_eq!((made, calls.swap(0, Ordering::SeqCst)), (1, 1), "a failure the rule does not name is not retried");
        let flaky = || {
            let n = calls.fetch_add(1, Ordering::SeqCst);
            async move {
                if n < 2 {
                    Err(failing(ErrorCategory::Connect, "c"))
                } else {
                    Ok(n)
                }
            }
        };
        let (outcome, made) = attempts(&policy(5, vec![RetryOn::Transport], None), &cancel, flaky).await;
        assert_eq!((outcome.unwrap(), made), (2, 3));
    }

    #[tokio::test]
    async fn each_attempt_has_the_timeout_and_a_cancel_ends_the_wait() {
        let slow = || async {
            tokio::time::sleep(Duration::from_secs(30)).await;
            Ok::<_, Error>(())
        };
        let cancel = CancellationToken::new();
        let (outcome, made) = attempts(&policy(1, vec![RetryOn::Timeout], Some(10)), &cancel, slow).await;
        assert_eq!((outcome.unwrap_err().code.as_str(), made), ("node_timeout", 2));
        cancel.cancel();
        let failing_fast = || async { Err::<(), _>(failing(ErrorCategory::Upstream, "u")) };
        let (outcome, made) = attempts(&policy(3, vec![RetryOn::ServerError], None), &cancel, failing_fast).await;
        assert_eq!((outcome.unwrap_err().code.as_str(), made), ("u", 1), "no retry once cancelled");
    }
}
