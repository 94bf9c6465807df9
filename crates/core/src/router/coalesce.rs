//! Identical streamed requests in flight at the same time go upstream once; every caller gets the whole answer
//! from its first chunk. The upstream is cancelled when the last caller leaves. Not a cache: a request that arrives
//! after the answer finished goes upstream again.
//!
//! Memory is bounded: the chunks are kept for callers that join late only while they fit the replay window. Past
//! it, chunks every caller has read are let go and the flight takes no new callers (they make their own call); a
//! caller that falls more than the window behind slows the upstream reading for the flight, as it would its own
//! call, instead of making the buffer grow.

use std::collections::{HashMap, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, Weak};

use futures::{FutureExt, StreamExt};
use tokio::sync::Notify;

use super::execute::Served;
use crate::error::{Error, Result};
use crate::ir::{ChatRequest, StreamChunk};
use crate::providers::ChunkStream;

/// How much of a shared answer is kept for callers that join late, by default.
pub const DEFAULT_REPLAY_BYTES: usize = 256 * 1024;

#[derive(Default)]
struct Progress {
    /// Chunks from absolute index `first` on.
    chunks: VecDeque<Result<StreamChunk>>,
    first: usize,
    /// Roughly the memory `chunks` hold.
    bytes: usize,
    /// Where each caller reads next, by subscription.
    cursors: HashMap<u64, usize>,
    next_subscriber: u64,
    served: Option<Served>,
    done: bool,
    /// The caller that was opening the upstream left before it answered; the others must try themselves.
    abandoned: bool,
}

impl Progress {
    /// Lets go of the chunks every caller has read, once the window is full (until then they are kept, for callers
    /// who join late).
    fn trim(&mut self, window: usize) {
        if self.bytes <= window {
            return;
        }
        let Some(&slowest) = self.cursors.values().min() else { return };
        while self.first < slowest {
            let Some(chunk) = self.chunks.pop_front() else { break };
            self.bytes -= size_of_chunk(&chunk);
            self.first += 1;
        }
    }

    fn replayable(&self) -> bool {
        self.first == 0 && !self.abandoned && !self.done
    }
}

/// An estimate of the heap a buffered chunk holds, enough to bound the buffer.
fn size_of_chunk(chunk: &Result<StreamChunk>) -> usize {
    const OVERHEAD: usize = 64;
    OVERHEAD
        + match chunk {
            Ok(StreamChunk::TextDelta(t) | StreamChunk::ThinkingDelta(t) | StreamChunk::ThinkingSignature(t)) => {
                t.len()
            }
            Ok(StreamChunk::Raw(t)) => t.len(),
            Ok(StreamChunk::ToolCallDelta { id, name, arguments, .. }) => {
                arguments.len() + id.as_ref().map_or(0, String::len) + name.as_ref().map_or(0, String::len)
            }
            Ok(StreamChunk::Start { id, model }) => {
                id.as_ref().map_or(0, String::len) + model.as_ref().map_or(0, String::len)
            }
            Ok(StreamChunk::Usage(_) | StreamChunk::Stop(_)) => 0,
            Err(e) => e.message.len() + e.code.len(),
        }
}

pub struct Flight {
    progress: Mutex<Progress>,
    notify: Notify,
    pump: Mutex<Option<tokio::task::JoinHandle<()>>>,
    window: usize,
}

impl Drop for Flight {
    fn drop(&mut self) {
        if let Some(task) = self.pump.lock().unwrap().take() {
            task.abort();
        }
    }
}

pub struct Coalescer {
    flights: Mutex<HashMap<u64, Weak<Flight>>>,
    window: usize,
}

impl Default for Coalescer {
    fn default() -> Self {
        Self::new(DEFAULT_REPLAY_BYTES)
    }
}

pub enum Joined {
    /// This caller opens the upstream and must call `Leader::publish` or drop the guard.
    Leader(Leader),
    /// This caller reads the flight another opens; its place is kept from the first chunk.
    Follower(Subscription),
}

pub struct Leader {
    /// Taken by `publish`.
    sub: Option<Subscription>,
}

impl Drop for Leader {
    fn drop(&mut self) {
        if let Some(sub) = &self.sub {
            sub.flight.progress.lock().unwrap().abandoned = true;
            sub.flight.notify.notify_waiters();
        }
    }
}

impl Progress {
    /// A new reader, starting at the first chunk still held.
    fn register(&mut self) -> u64 {
        let id = self.next_subscriber;
        self.next_subscriber += 1;
        self.cursors.insert(id, self.first);
        id
    }
}

/// Requests share a flight only when they are the same request: a gateway caller's body byte for byte (it holds
/// fields the IR does not, like `seed`), else the whole IR.
pub fn key(requested: &str, request: &ChatRequest) -> u64 {
    let mut h = DefaultHasher::new();
    requested.hash(&mut h);
    match &request.original {
        Some(original) => {
            original.dialect.hash(&mut h);
            original.body.hash(&mut h);
            original.beta.hash(&mut h);
            original.strict.hash(&mut h);
        }
        None => serde_json::to_string(request).unwrap_or_default().hash(&mut h),
    }
    h.finish()
}

impl Coalescer {
    /// `window`: how many bytes of a shared answer to keep for callers that join late.
    pub fn new(window: usize) -> Self {
        Self { flights: Mutex::new(HashMap::new()), window }
    }

    pub fn join(&self, key: u64) -> Joined {
        let mut flights = self.flights.lock().unwrap();
        if let Some(flight) = flights.get(&key).and_then(Weak::upgrade) {
            // A finished flight may still be listed for a moment after its last chunk; joining it would replay an
            // old answer as if it were a cache. One whose start was let go cannot give a newcomer the whole answer.
            let mut p = flight.progress.lock().unwrap();
            if p.replayable() {
                let id = p.register();
                drop(p);
                return Joined::Follower(Subscription { flight, id });
            }
        }
        let flight = Arc::new(Flight {
            progress: Mutex::default(),
            notify: Notify::new(),
            pump: Mutex::new(None),
            window: self.window,
        });
        flights.insert(key, Arc::downgrade(&flight));
        let id = flight.progress.lock().unwrap().register();
        Joined::Leader(Leader { sub: Some(Subscription { flight, id }) })
    }

    /// A place in the flight under `key`, if one is in the air and can still give a newcomer the whole answer;
    /// unlike `join`, never starts one.
    pub fn follow(&self, key: u64) -> Option<Subscription> {
        let flight = self.flights.lock().unwrap().get(&key).and_then(Weak::upgrade)?;
        let mut p = flight.progress.lock().unwrap();
        if !p.replayable() {
            return None;
        }
        let id = p.register();
        drop(p);
        Some(Subscription { flight, id })
    }

    fn finished(&self, key: u64, flight: &Weak<Flight>) {
        let mut flights = self.flights.lock().unwrap();
        if flights.get(&key).is_some_and(|f| Weak::ptr_eq(f, flight)) {
            flights.remove(&key);
        }
    }
}

impl Leader {
    /// Hands the opened upstream (or the failure to open it) to every caller of this flight.
    pub fn publish(
        mut self,
        coalescer: Arc<Coalescer>,
        key: u64,
        opened: Result<(ChunkStream, Served)>,
    ) -> Subscription {
        let sub = self.sub.take().expect("a leader publishes once");
        let flight = sub.flight.clone();
        match opened {
            Err(e) => {
                let mut p = flight.progress.lock().unwrap();
                p.bytes += size_of_chunk(&Err(e.clone()));
                p.chunks.push_back(Err(e));
                p.done = true;
                drop(p);
                coalescer.finished(key, &Arc::downgrade(&flight));
            }
            Ok((upstream, served)) => {
                flight.progress.lock().unwrap().served = Some(served);
                let task = tokio::spawn(pump(upstream, Arc::downgrade(&flight), coalescer, key));
                *flight.pump.lock().unwrap() = Some(task);
            }
        }
        flight.notify.notify_waiters();
        sub
    }
}

/// Reads the upstream into the flight, waiting while a caller lags more than the window behind.
async fn pump(mut upstream: ChunkStream, weak: Weak<Flight>, coalescer: Arc<Coalescer>, key: u64) {
    loop {
        if !room(&weak).await {
            return;
        }
        let mut next = Some(upstream.next().await);
        let Some(flight) = weak.upgrade() else { return };
        let mut p = flight.progress.lock().unwrap();
        // Whatever else is ready goes in under the same lock, with one wake-up for the readers.
        while let Some(item) = next.take() {
            match item {
                Some(item) => {
                    p.done = item.is_err();
                    p.bytes += size_of_chunk(&item);
                    p.chunks.push_back(item);
                    p.trim(flight.window);
                }
                None => p.done = true,
            }
            if !p.done && p.bytes <= flight.window {
                next = upstream.next().now_or_never();
            }
        }
        let done = p.done;
        drop(p);
        if done {
            coalescer.finished(key, &weak);
        }
        flight.notify.notify_waiters();
        if done {
            return;
        }
    }
}

/// Waits until the buffer is within the window (or every caller left); false when the flight is gone.
async fn room(weak: &Weak<Flight>) -> bool {
    loop {
        let Some(flight) = weak.upgrade() else { return false };
        let wake = flight.notify.notified();
        {
            let p = flight.progress.lock().unwrap();
            if p.bytes <= flight.window || p.cursors.is_empty() {
                return true;
            }
        }
        wake.await;
    }
}

impl Subscription {
    /// Waits until the flight has been opened; `None` when its opener left and the caller should open it itself.
    pub async fn opened(&self) -> Option<Result<Served>> {
        opened(&self.flight).await
    }
}

async fn opened(flight: &Arc<Flight>) -> Option<Result<Served>> {
    loop {
        let wake = flight.notify.notified();
        {
            let p = flight.progress.lock().unwrap();
            if let Some(served) = &p.served {
                return Some(Ok(served.clone()));
            }
            if let Some(Err(e)) = p.chunks.front() {
                return Some(Err(e.clone()));
            }
            if p.abandoned {
                return None;
            }
        }
        wake.await;
    }
}

/// One caller's place in a flight; leaving (dropping it) lets the chunks it was holding back go.
pub struct Subscription {
    flight: Arc<Flight>,
    id: u64,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut p = self.flight.progress.lock().unwrap();
        p.cursors.remove(&self.id);
        p.trim(self.flight.window);
        drop(p);
        self.flight.notify.notify_waiters();
    }
}

/// Every chunk of the flight from the caller's place (the first chunk), then whatever follows, as it arrives.
pub fn subscribe(sub: Subscription) -> ChunkStream {
    futures::stream::unfold(sub, |sub| async move {
        let item = loop {
            let wake = sub.flight.notify.notified();
            {
                let mut p = sub.flight.progress.lock().unwrap();
                let at = p.cursors.get(&sub.id).copied().unwrap_or(p.first);
                if let Some(item) = p.chunks.get(at - p.first).cloned() {
                    p.cursors.insert(sub.id, at + 1);
                    p.trim(sub.flight.window);
                    drop(p);
                    sub.flight.notify.notify_waiters();
                    break Some(item);
                }
                if p.done {
                    break None;
                }
            }
            wake.await;
        };
        item.map(|item| (item, sub))
    })
    .fuse()
    .boxed()
}

pub fn leader_gone() -> Error {
    Error::internal("the request this one was sharing was abandoned")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::providers::ProviderRecord;

    fn served() -> Served {
        let provider = ProviderRecord {
            id: "p".into(),
            name: "p".into(),
            preset: "custom".into(),
            base_url: "http://x".into(),
            has_key: false,
            extra_headers: vec![],
            default_model: None,
            models: vec![],
            created_at: 0,
            updated_at: 0,
        };
        Served { provider, model: "m".into(), attempts: 1, wire: crate::ir::Wire::OpenAi, cache: Default::default() }
    }

    /// `n` text chunks of 100 bytes each, as an upstream would send them.
    fn upstream(n: usize) -> ChunkStream {
        futures::stream::iter((0..n).map(|i| Ok(StreamChunk::TextDelta(format!("{i:0>100}"))))).boxed()
    }

    fn buffered(sub: &Subscription) -> (usize, usize) {
        let p = sub.flight.progress.lock().unwrap();
        (p.bytes, p.first)
    }

    #[tokio::test]
    async fn a_long_shared_answer_is_held_only_within_the_window_and_then_takes_no_newcomers() {
        let window = 10 * 1024;
        let coalescer = Arc::new(Coalescer::new(window));
        let Joined::Leader(leader) = coalescer.join(1) else { panic!("the first caller leads") };
        let sub = leader.publish(coalescer.clone(), 1, Ok((upstream(2_000), served())));
        let flight = sub.flight.clone();
        let mut stream = subscribe(sub);
        let mut read = 0;
        let mut most = 0;
        while let Some(chunk) = stream.next().await {
            chunk.unwrap();
            read += 1;
            most = most.max(flight.progress.lock().unwrap().bytes);
            if read == 1_000 {
                assert!(!flight.progress.lock().unwrap().replayable(), "its start is gone");
                assert!(matches!(coalescer.join(1), Joined::Leader(_)), "a newcomer makes its own call");
            }
        }
        assert_eq!(read, 2_000, "the reader got every chunk");
        assert!(most <= window + 2 * 200, "held {most} bytes with a {window}-byte window");
    }

    #[tokio::test]
    async fn a_caller_that_lags_holds_the_upstream_back_instead_of_growing_the_buffer() {
        let window = 10 * 1024;
        let coalescer = Arc::new(Coalescer::new(window));
        let Joined::Leader(leader) = coalescer.join(2) else { panic!() };
        let Joined::Follower(lagging) = coalescer.join(2) else { panic!("a second caller during the flight follows") };
        let sub = leader.publish(coalescer.clone(), 2, Ok((upstream(1_000), served())));
        assert!(lagging.opened().await.unwrap().is_ok());
        let mut fast = subscribe(sub);
        let mut got = 0;
        // The fast caller reads as far as the window lets the pump go, then waits for the lagging one.
        while let Ok(Some(chunk)) = tokio::time::timeout(std::time::Duration::from_millis(200), fast.next()).await {
            chunk.unwrap();
            got += 1;
        }
        assert!(got < 1_000, "the pump waited for the lagging caller ({got} read)");
        let (bytes, first) = buffered(&lagging);
        assert!(bytes <= window + 200 && first == 0, "{bytes} bytes held, from {first}");
        // Each caller is read on its own (as each HTTP response is); both get everything.
        let (slow, rest) = tokio::join!(subscribe(lagging).collect::<Vec<_>>(), fast.count());
        assert_eq!(slow.len(), 1_000, "the lagging caller still gets the whole answer");
        assert_eq!(got + rest, 1_000);
    }
    use crate::ir::{Original, Wire};

    #[test]
    fn gateway_requests_differing_only_in_fields_the_ir_lacks_never_share() {
        let with = |body: &'static [u8]| ChatRequest {
            model: "m".into(),
            original: Some(Arc::new(Original {
                dialect: Wire::OpenAi,
                body: bytes::Bytes::from_static(body),
                beta: None,
                include_usage: false,
                lost_crossing: vec![],
                strict: false,
                seeded: false,
            })),
            ..Default::default()
        };
        let (a, b) = (with(br#"{"seed":1}"#), with(br#"{"seed":2}"#));
        assert_eq!(a.messages, b.messages, "the same IR");
        assert_ne!(key("m", &a), key("m", &b));
        assert_eq!(key("m", &a), key("m", &with(br#"{"seed":1}"#)));
        assert_ne!(key("m", &a), key("other", &a));
    }

    #[test]
    fn a_finished_flight_still_listed_is_not_joined() {
        let coalescer = Coalescer::default();
        let Joined::Leader(first) = coalescer.join(7) else { panic!("the first caller leads") };
        let Joined::Follower(_) = coalescer.join(7) else { panic!("a caller during the flight follows") };
        first.sub.as_ref().unwrap().flight.progress.lock().unwrap().done = true;
        assert!(
            matches!(coalescer.join(7), Joined::Leader(_)),
            "a caller after the answer finished goes upstream again"
        );
    }
}
