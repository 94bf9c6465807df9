//! How the pipeline uses the response cache: the decision and key for a call, answering a hit (whole or replayed
//! as a stream), and keeping a finished answer — once per upstream call, after it has been priced.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures::{Stream, StreamExt};

use super::{Call, Plan};
use crate::cache::policy::{self, Decision, Rules};
use crate::cache::{CacheKey, CacheUse, CachedAnswer, ResponseCache};
use crate::cost::meter::{cost_of, Books, Priced};
use crate::error::{Error, ErrorCategory, Result};
use crate::ir::accumulate::Accumulator;
use crate::ir::{ChatResponse, StreamChunk};
use crate::providers::ChunkStream;
use crate::router::execute::Served;
use crate::Core;

/// The namespace of calls that name none.
pub const DEFAULT_NAMESPACE: &str = "default";

/// What the cache does for one call, and under which key.
pub struct Lookup {
    pub decision: Decision,
    pub rules: Rules,
    pub key: CacheKey,
    pub namespace: String,
}

impl Lookup {
    /// What the ledger and the gateway say the cache did, when it did not answer.
    pub fn missed(&self) -> CacheUse {
        match self.decision.consulted() {
            true => CacheUse::Miss,
            false => CacheUse::Bypass,
        }
    }

    /// The identity under which identical calls in flight share one upstream call: when the cache is consulted,
    /// its key (so requests differing only in what the key ignores share too), with what changes the shape of the
    /// stream the caller sees.
    pub fn flight(&self, call: &Call, fallback: impl FnOnce() -> u64) -> u64 {
        if !self.decision.consulted() {
            return fallback();
        }
        let original = call.request.original.as_deref();
        let include_usage = original.is_some_and(|o| o.include_usage);
        self.flight_for(call.request.stream, include_usage, original.is_some_and(|o| o.strict))
    }

    fn flight_for(&self, stream: bool, include_usage: bool, strict: bool) -> u64 {
        let shape = (include_usage as u64) | (strict as u64) << 1;
        self.key.flight() ^ shape.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ stream as u64
    }

    /// The flights of the other mode (streamed for a whole call, whole for a streamed one) that could answer this
    /// call: whatever usage chunk their callers asked for, since this one reads the answer, not their stream.
    fn other_mode(&self, call: &Call) -> [u64; 2] {
        let strict = call.request.original.as_deref().is_some_and(|o| o.strict);
        let stream = !call.request.stream;
        [self.flight_for(stream, false, strict), self.flight_for(stream, true, strict)]
    }
}

pub fn cache_miss() -> Error {
    Error::new(
        ErrorCategory::NotFound,
        "cache_miss",
        "No cached answer matches this request, and the request asked for the cache only (x-switchyard-cache: only), \
         so it was not sent to a provider.",
    )
}

impl Core {
    pub(super) fn cache_lookup(&self, plan: &Plan, call: &Call) -> Lookup {
        let limits = self.cache.limits();
        let rules = Rules { policy: plan.cache_policy.unwrap_or(limits.policy), tool_calls: plan.cache_tool_calls };
        let decision = policy::decide(rules, call.cache, &call.request);
        let namespace = call.namespace.as_deref().unwrap_or(DEFAULT_NAMESPACE);
        // Only a consulted cache needs the key; hashing the request costs a few microseconds.
        let key = match decision.consulted() || decision.only {
            true => crate::cache::key::key(namespace, &plan.targets, plan.strict, &call.request),
            false => CacheKey([0; 32]),
        };
        Lookup { decision, rules, key, namespace: namespace.to_owned() }
    }

    /// The kept answer for this call, with what says who made it; None on a miss, or when the provider that made
    /// it is gone.
    pub(super) async fn cache_hit(&self, lookup: &Lookup) -> Result<Option<(Arc<CachedAnswer>, Served)>> {
        if !lookup.decision.lookup {
            return Ok(None);
        }
        let Some(answer) = self.cache.get(lookup.key).await else { return Ok(None) };
        let config = self.routing_config().await?;
        let Some(provider) = config.0.iter().find(|p| p.id == answer.provider_id) else { return Ok(None) };
        let served = Served {
            provider: provider.clone(),
            model: answer.model.clone(),
            attempts: 0,
            wire: answer.wire,
            cache: CacheUse::Hit,
        };
        Ok(Some((answer, served)))
    }

    /// A whole call whose answer is being streamed to an identical call right now shares that stream instead of
    /// making its own call (concurrent misses on one key make one upstream call, whatever their modes).
    pub(super) async fn follow_stream(&self, lookup: &Lookup, call: &Call) -> Option<Result<(ChatResponse, Served)>> {
        if !lookup.decision.consulted() {
            return None;
        }
        let sub = lookup.other_mode(call).into_iter().find_map(|key| self.coalescer.follow(key))?;
        let served = match sub.opened().await? {
            Ok(served) => Served { attempts: 0, ..served },
            Err(e) => return Some(Err(e)),
        };
        let mut stream = crate::router::coalesce::subscribe(sub);
        let mut answer = Accumulator::default();
        while let Some(item) = stream.next().await {
            match item {
                Ok(chunk) => answer.push(&chunk),
                Err(e) => return Some(Err(e)),
            }
        }
        Some(Ok((answer.into_response(), served)))
    }

    /// A streamed call whose answer an identical whole call is getting right now waits for it and replays it.
    pub(super) async fn follow_whole(&self, lookup: &Lookup, call: &Call) -> Option<Result<(ChunkStream, Served)>> {
        if !lookup.decision.consulted() {
            return None;
        }
        for key in lookup.other_mode(call) {
            if let Some(outcome) = self.whole_coalescer.follow(key).await {
                return Some(outcome.map(|(answer, served)| (replay(&answer), Served { attempts: 0, ..served })));
            }
        }
        None
    }

    /// Keeps a whole answer its caller paid for (not one shared from an identical call, whose maker keeps it).
    pub(super) fn keep_whole(
        &self,
        lookup: &Lookup,
        answer: &ChatResponse,
        served: &Served,
        cost: Option<i64>,
        latency_ms: i64,
    ) {
        if !lookup.decision.store || served.attempts == 0 || !policy::storable(lookup.rules, answer) {
            return;
        }
        let kept = entry(answer.clone(), answer.raw.clone(), served, &lookup.namespace, cost, latency_ms);
        self.cache.put(lookup.key, kept);
    }

    /// The upstream stream of a call whose answer may be kept: kept once it has ended complete.
    pub(super) fn keeping(&self, stream: ChunkStream, lookup: &Lookup, served: &Served, call: &Call) -> ChunkStream {
        if !lookup.decision.store {
            return stream;
        }
        let keep = Keep {
            cache: self.cache.clone(),
            books: self.books.clone(),
            key: lookup.key,
            rules: lookup.rules,
            namespace: lookup.namespace.clone(),
            served: served.clone(),
            started: call.started,
        };
        Keeping { inner: stream, answer: Accumulator::default(), keep: Some(keep) }.boxed()
    }
}

/// A whole answer replayed as a stream, chunk by chunk.
pub fn replay(answer: &ChatResponse) -> ChunkStream {
    futures::stream::iter(crate::cache::entry::chunks_of(answer).into_iter().map(Ok)).boxed()
}

fn entry(
    response: ChatResponse,
    raw: Option<String>,
    served: &Served,
    namespace: &str,
    cost_usd_micros: Option<i64>,
    latency_ms: i64,
) -> CachedAnswer {
    CachedAnswer {
        response: ChatResponse { raw: None, ..response },
        raw,
        wire: served.wire,
        provider_id: served.provider.id.clone(),
        model: served.model.clone(),
        namespace: namespace.to_owned(),
        created_at: crate::store::now_ms(),
        expires_at: 0,
        cost_usd_micros,
        latency_ms,
    }
}

struct Keep {
    cache: Arc<ResponseCache>,
    books: Arc<Books>,
    key: CacheKey,
    rules: Rules,
    namespace: String,
    served: Served,
    started: std::time::Instant,
}

struct Keeping {
    inner: ChunkStream,
    answer: Accumulator,
    keep: Option<Keep>,
}

impl Stream for Keeping {
    type Item = Result<StreamChunk>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        let next = this.inner.as_mut().poll_next(cx);
        match &next {
            Poll::Ready(Some(Ok(chunk))) => this.answer.push(chunk),
            // A failed stream is never kept.
            Poll::Ready(Some(Err(_))) => this.keep = None,
            Poll::Ready(None) => {
                if let Some(keep) = this.keep.take() {
                    let answer = std::mem::take(&mut this.answer).into_response();
                    if policy::storable(keep.rules, &answer) {
                        let priced = Priced::new(&keep.served.provider, &keep.served.model, crate::store::now_ms());
                        let cost = cost_of(&keep.books.pricer(), &priced, &answer.usage, true).map(|c| c.usd_micros);
                        let latency = keep.started.elapsed().as_millis() as i64;
                        keep.cache.put(keep.key, entry(answer, None, &keep.served, &keep.namespace, cost, latency));
                    }
                }
            }
            Poll::Pending => {}
        }
        next
    }
}
