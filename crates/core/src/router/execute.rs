//! Runs one call along a route: targets in the strategy's order, retries with backoff for transient failures,
//! the next target on auth failures or exhausted retries, circuit breakers, and never a switch once an answer has
//! started (the caller gets the stream only after its first chunk arrived).

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::StreamExt;

use super::backoff::{delay, random_unit, RetryPolicy};
use super::breaker::{Admission, BreakerPolicy, Breakers};
use super::route::{RouteTarget, Strategy};
use crate::error::{Error, ErrorCategory, Result};
use crate::ir::{ChatRequest, ChatResponse, Wire};
use crate::providers::{ChunkStream, Provider};
use crate::store::providers::ProviderRecord;

/// What a call along a route ended up using.
#[derive(Debug, Clone)]
pub struct Served {
    pub provider: ProviderRecord,
    pub model: String,
    /// Upstream calls made, across targets and retries.
    pub attempts: u32,
    /// The dialect of the upstream that answered.
    pub wire: Wire,
    /// Whether the answer came from the response cache (then `attempts` is 0 and nothing was sent).
    pub cache: crate::cache::CacheUse,
}

/// Whether a call takes part in its targets' circuit breakers. A person's explicit choice of one model in a chat
/// pane does not: there is nothing to fall back to, and the failures of their prompts should not close that target
/// for every route that uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breaking {
    Consult,
    Bypass,
}

pub struct RouterState {
    pub retry: RetryPolicy,
    /// What a `max_tokens` above the target model's limit gets.
    pub over_limit: super::fit::OverLimit,
    /// How much of a shared streamed answer is kept for identical requests that join late.
    pub replay_bytes: usize,
    breakers: Breakers,
    /// Exponentially weighted time to first byte per target, in ms.
    latency: Mutex<HashMap<String, f64>>,
}

impl Default for RouterState {
    fn default() -> Self {
        Self::new(RetryPolicy::default(), BreakerPolicy::default())
    }
}

fn key(t: &RouteTarget) -> String {
    format!("{}/{}", t.provider_id, t.model)
}

impl RouterState {
    pub fn new(retry: RetryPolicy, breaker: BreakerPolicy) -> Self {
        Self {
            retry,
            over_limit: Default::default(),
            replay_bytes: super::coalesce::DEFAULT_REPLAY_BYTES,
            breakers: Breakers::new(breaker),
            latency: Mutex::new(HashMap::new()),
        }
    }

    pub fn order(&self, strategy: Strategy, targets: &[RouteTarget]) -> Vec<RouteTarget> {
        let mut targets = targets.to_vec();
        match strategy {
            Strategy::Priority => targets,
            Strategy::Weighted => {
                let mut ordered = Vec::with_capacity(targets.len());
                while !targets.is_empty() {
                    let total: f64 = targets.iter().map(|t| t.weight.max(1) as f64).sum();
                    let mut pick = random_unit() * total;
                    let index = targets
                        .iter()
                        .position(|t| {
                            pick -= t.weight.max(1) as f64;
                            pick < 0.0
                        })
                        .unwrap_or(targets.len() - 1);
                    ordered.push(targets.remove(index));
                }
                ordered
            }
            Strategy::Latency => {
                let seen = self.latency.lock().unwrap();
                // Unmeasured targets first, so every target gets measured.
                targets.sort_by(|a, b| {
                    let (la, lb) =
                        (seen.get(&key(a)).copied().unwrap_or(0.0), seen.get(&key(b)).copied().unwrap_or(0.0));
                    la.total_cmp(&lb)
                });
                targets
            }
        }
    }

    fn observe(&self, target: &RouteTarget, first_byte: Duration) {
        let ms = first_byte.as_secs_f64() * 1000.0;
        let mut seen = self.latency.lock().unwrap();
        let entry = seen.entry(key(target)).or_insert(ms);
        *entry = 0.7 * *entry + 0.3 * ms;
    }

    /// Tries targets in order until one answers. `resolve` builds the client for a target; `call` makes the upstream
    /// request and must return only once the answer has started. `retries` overrides the policy's for this call.
    pub async fn run<T, R, RF, C, CF>(
        &self,
        ordered: Vec<RouteTarget>,
        breaking: Breaking,
        retries: Option<u32>,
        resolve: R,
        call: C,
    ) -> Result<(T, Served)>
    where
        R: Fn(RouteTarget) -> RF,
        RF: Future<Output = Result<(ProviderRecord, Arc<dyn Provider>)>>,
        C: Fn(Arc<dyn Provider>, String) -> CF,
        CF: Future<Output = (Arc<dyn Provider>, Result<T>)>,
    {
        let mut attempts = 0u32;
        let mut last_error: Option<Error> = None;
        for target in ordered {
            let k = key(&target);
            let admission = match breaking {
                Breaking::Consult => self.breakers.admit(&k),
                Breaking::Bypass => Admission::Closed,
            };
            if admission == Admission::Open {
                tracing::info!(target = %k, "skipped: circuit open");
                last_error.get_or_insert_with(|| {
                    Error::new(
                        ErrorCategory::Upstream,
                        "circuit_open",
                        "Every target of this route is failing; try again shortly.",
                    )
                });
                continue;
            }
            let (record, mut provider) = match resolve(target.clone()).await {
                Ok(p) => p,
                Err(e) => {
                    last_error = Some(e);
                    continue;
                }
            };
            // A probe after a cooldown is one call; its outcome decides the circuit.
            let max_retries = if admission == Admission::Probe { 0 } else { retries.unwrap_or(self.retry.max_retries) };
            for retry in 0..=max_retries {
                attempts += 1;
                let started = Instant::now();
                let (p, outcome) = call(provider, target.model.clone()).await;
                provider = p;
                match outcome {
                    Ok(value) => {
                        if breaking == Breaking::Consult {
                            self.breakers.record(&k, true);
                        }
                        self.observe(&target, started.elapsed());
                        let wire = provider.wire();
                        return Ok((
                            value,
                            Served {
                                provider: record,
                                model: target.model.clone(),
                                attempts,
                                wire,
                                cache: Default::default(),
                            },
                        ));
                    }
                    Err(e) => {
                        let counts_against_target = e.retriable || e.category == ErrorCategory::Auth;
                        if counts_against_target && breaking == Breaking::Consult {
                            self.breakers.record(&k, false);
                        }
                        tracing::warn!(target = %k, attempt = attempts, code = %e.code, "route target failed");
                        let retry_here = e.retriable && retry < max_retries;
                        let next_target = e.retriable
                            || e.target_specific
                            || matches!(
                                e.category,
                                ErrorCategory::Auth | ErrorCategory::Forbidden | ErrorCategory::NotFound
                            );
                        if retry_here {
                            tokio::time::sleep(delay(&self.retry, retry, e.retry_after, random_unit())).await;
                            last_error = Some(e);
                            continue;
                        }
                        if !next_target {
                            // The request itself is at fault: another target would refuse it too.
                            return Err(Error { attempts: Some(attempts), ..e });
                        }
                        last_error = Some(e);
                        break;
                    }
                }
            }
        }
        let e = last_error.unwrap_or_else(|| Error::internal("route had no targets"));
        Err(Error { attempts: Some(attempts), ..e })
    }
}

/// Opens a stream and holds back what arrives until the first piece of content (or the end), so a failure before
/// any content — even after an empty preamble chunk — can still move to another target. Nothing has reached the
/// caller by then.
pub async fn stream_started(
    provider: Arc<dyn Provider>,
    request: ChatRequest,
) -> (Arc<dyn Provider>, Result<ChunkStream>) {
    let result = async {
        // Fused: a stream that ended while the head was read is never polled again (an ended `unfold` panics).
        let mut stream = provider.stream(&request).await?.fuse();
        let mut head = Vec::new();
        loop {
            match stream.next().await {
                Some(Err(e)) => return Err(e),
                Some(Ok(chunk)) => {
                    let content = chunk.is_content();
                    head.push(Ok(chunk));
                    if content {
                        break;
                    }
                }
                None => break,
            }
        }
        Ok(futures::stream::iter(head).chain(stream).boxed())
    }
    .await;
    (provider, result)
}

pub async fn completed(provider: Arc<dyn Provider>, request: ChatRequest) -> (Arc<dyn Provider>, Result<ChatResponse>) {
    let result = provider.complete(&request).await;
    (provider, result)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(id: &str, weight: u32) -> RouteTarget {
        RouteTarget { provider_id: id.into(), model: "m".into(), weight }
    }

    #[test]
    fn weighted_order_follows_the_weights_and_keeps_every_target() {
        let state = RouterState::default();
        let targets = [t("light", 1), t("heavy", 9)];
        let heavy_first =
            (0..400).filter(|_| state.order(Strategy::Weighted, &targets)[0].provider_id == "heavy").count();
        assert!((300..=395).contains(&heavy_first), "heavy first {heavy_first}/400 times");
        assert_eq!(state.order(Strategy::Weighted, &targets).len(), 2);
        assert_eq!(state.order(Strategy::Priority, &targets), targets.to_vec());
    }

    #[test]
    fn latency_order_tries_unmeasured_then_fastest() {
        let state = RouterState::default();
        let targets = [t("slow", 1), t("fast", 1), t("new", 1)];
        state.observe(&targets[0], Duration::from_millis(900));
        state.observe(&targets[1], Duration::from_millis(50));
        let order: Vec<_> = state.order(Strategy::Latency, &targets).into_iter().map(|t| t.provider_id).collect();
        assert_eq!(order, ["new", "fast", "slow"]);
    }
}
