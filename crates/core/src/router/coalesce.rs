//! Identical streamed requests in flight at the same time go upstream once; every caller gets the whole answer
//! from its first chunk. The upstream is cancelled when the last caller leaves. Not a cache: a request that arrives
//! after the answer finished goes upstream again.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, Weak};

use futures::StreamExt;
use tokio::sync::Notify;

use super::execute::Served;
use crate::error::{Error, Result};
use crate::ir::{ChatRequest, StreamChunk};
use crate::providers::ChunkStream;

#[derive(Default)]
struct Progress {
    chunks: Vec<Result<StreamChunk>>,
    served: Option<Served>,
    done: bool,
    /// The caller that was opening the upstream left before it answered; the others must try themselves.
    abandoned: bool,
}

pub struct Flight {
    progress: Mutex<Progress>,
    notify: Notify,
    pump: Mutex<Option<tokio::task::JoinHandle<()>>>,
}

impl Drop for Flight {
    fn drop(&mut self) {
        if let Some(task) = self.pump.lock().unwrap().take() {
            task.abort();
        }
    }
}

#[derive(Default)]
pub struct Coalescer {
    flights: Mutex<HashMap<u64, Weak<Flight>>>,
}

pub enum Joined {
    /// This caller opens the upstream and must call `Leader::publish` or drop the guard.
    Leader(Leader),
    Follower(Arc<Flight>),
}

pub struct Leader {
    flight: Arc<Flight>,
    published: bool,
}

impl Drop for Leader {
    fn drop(&mut self) {
        if !self.published {
            self.flight.progress.lock().unwrap().abandoned = true;
            self.flight.notify.notify_waiters();
        }
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
    pub fn join(&self, key: u64) -> Joined {
        let mut flights = self.flights.lock().unwrap();
        if let Some(flight) = flights.get(&key).and_then(Weak::upgrade) {
            // A finished flight may still be listed for a moment after its last chunk; joining it would replay
            // an old answer as if it were a cache.
            let p = flight.progress.lock().unwrap();
            if !p.abandoned && !p.done {
                drop(p);
                return Joined::Follower(flight);
            }
        }
        let flight = Arc::new(Flight { progress: Mutex::default(), notify: Notify::new(), pump: Mutex::new(None) });
        flights.insert(key, Arc::downgrade(&flight));
        Joined::Leader(Leader { flight, published: false })
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
    ) -> Arc<Flight> {
        self.published = true;
        let flight = self.flight.clone();
        match opened {
            Err(e) => {
                let mut p = flight.progress.lock().unwrap();
                p.chunks.push(Err(e));
                p.done = true;
                drop(p);
                coalescer.finished(key, &Arc::downgrade(&flight));
            }
            Ok((mut upstream, served)) => {
                flight.progress.lock().unwrap().served = Some(served);
                let weak = Arc::downgrade(&flight);
                let task = tokio::spawn(async move {
                    loop {
                        let next = upstream.next().await;
                        let Some(flight) = weak.upgrade() else { return };
                        let mut p = flight.progress.lock().unwrap();
                        match next {
                            Some(item) => {
                                let failed = item.is_err();
                                p.chunks.push(item);
                                p.done = failed;
                            }
                            None => p.done = true,
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
                });
                *flight.pump.lock().unwrap() = Some(task);
            }
        }
        flight.notify.notify_waiters();
        flight
    }
}

/// Waits until the flight has been opened; `None` when its opener left and the caller should open it itself.
pub async fn opened(flight: &Arc<Flight>) -> Option<Result<Served>> {
    loop {
        let wake = flight.notify.notified();
        {
            let p = flight.progress.lock().unwrap();
            if let Some(served) = &p.served {
                return Some(Ok(served.clone()));
            }
            if let Some(Err(e)) = p.chunks.first() {
                return Some(Err(e.clone()));
            }
            if p.abandoned {
                return None;
            }
        }
        wake.await;
    }
}

/// Every chunk of the flight from the first, then whatever follows, as it arrives.
pub fn subscribe(flight: Arc<Flight>) -> ChunkStream {
    futures::stream::unfold((flight, 0usize), |(flight, index)| async move {
        let item = loop {
            let wake = flight.notify.notified();
            {
                let p = flight.progress.lock().unwrap();
                if let Some(item) = p.chunks.get(index) {
                    break Some(item.clone());
                }
                if p.done {
                    break None;
                }
            }
            wake.await;
        };
        item.map(|item| (item, (flight, index + 1)))
    })
    .boxed()
}

pub fn leader_gone() -> Error {
    Error::internal("the request this one was sharing was abandoned")
}

#[cfg(test)]
mod tests {
    use super::*;
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
        first.flight.progress.lock().unwrap().done = true;
        assert!(
            matches!(coalescer.join(7), Joined::Leader(_)),
            "a caller after the answer finished goes upstream again"
        );
    }
}
