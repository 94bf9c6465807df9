//! Identical whole (non-streamed) requests in flight at the same time go upstream once and every caller gets the
//! answer. The first caller makes the call; if it leaves before the answer, the others make it themselves. Not a
//! cache: a request that arrives after the answer was given goes upstream again.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, Weak};

use tokio::sync::Notify;

enum State<T> {
    Pending,
    Done(T),
    /// The caller making the call left before it finished.
    Abandoned,
}

struct Slot<T> {
    state: Mutex<State<T>>,
    notify: Notify,
}

pub struct WholeCoalescer<T> {
    flights: Mutex<HashMap<u64, Weak<Slot<T>>>>,
}

impl<T> Default for WholeCoalescer<T> {
    fn default() -> Self {
        Self { flights: Mutex::default() }
    }
}

/// Who got the outcome: the caller that made the call, or one that shared it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Made,
    Shared,
}

enum Joined<T> {
    Lead(Arc<Slot<T>>),
    Follow(Arc<Slot<T>>),
}

/// Marks the slot abandoned and unlists it if the leading caller is dropped before finishing.
struct LeadGuard<'a, T> {
    owner: &'a WholeCoalescer<T>,
    key: u64,
    slot: Arc<Slot<T>>,
    finished: bool,
}

impl<T> Drop for LeadGuard<'_, T> {
    fn drop(&mut self) {
        if !self.finished {
            *self.slot.state.lock().unwrap() = State::Abandoned;
        }
        self.owner.unlist(self.key, &self.slot);
        self.slot.notify.notify_waiters();
    }
}

impl<T: Clone> WholeCoalescer<T> {
    pub async fn run<F: Future<Output = T>>(&self, key: u64, call: impl FnOnce() -> F) -> (T, Role) {
        let mut call = Some(call);
        loop {
            match self.join(key) {
                Joined::Lead(slot) => {
                    let mut guard = LeadGuard { owner: self, key, slot, finished: false };
                    let outcome = (call.take().expect("a caller leads at most once"))().await;
                    *guard.slot.state.lock().unwrap() = State::Done(outcome.clone());
                    guard.finished = true;
                    return (outcome, Role::Made);
                }
                Joined::Follow(slot) => {
                    if let Some(outcome) = wait(&slot).await {
                        return (outcome, Role::Shared);
                    }
                }
            }
        }
    }

    /// The outcome of the call in flight under `key`; None when there is none, or its maker left. Never makes one.
    pub async fn follow(&self, key: u64) -> Option<T> {
        let slot = self.flights.lock().unwrap().get(&key).and_then(Weak::upgrade)?;
        if !matches!(*slot.state.lock().unwrap(), State::Pending) {
            return None;
        }
        wait(&slot).await
    }

    fn join(&self, key: u64) -> Joined<T> {
        let mut flights = self.flights.lock().unwrap();
        if let Some(slot) = flights.get(&key).and_then(Weak::upgrade) {
            if matches!(*slot.state.lock().unwrap(), State::Pending) {
                return Joined::Follow(slot);
            }
        }
        let slot = Arc::new(Slot { state: Mutex::new(State::Pending), notify: Notify::new() });
        flights.insert(key, Arc::downgrade(&slot));
        Joined::Lead(slot)
    }
}

impl<T> WholeCoalescer<T> {
    fn unlist(&self, key: u64, slot: &Arc<Slot<T>>) {
        let mut flights = self.flights.lock().unwrap();
        if flights.get(&key).is_some_and(|listed| std::ptr::eq(listed.as_ptr(), Arc::as_ptr(slot))) {
            flights.remove(&key);
        }
    }
}

/// The shared outcome, or `None` when the leading caller left and this one should try to lead.
async fn wait<T: Clone>(slot: &Slot<T>) -> Option<T> {
    loop {
        let woken = slot.notify.notified();
        match &*slot.state.lock().unwrap() {
            State::Done(outcome) => return Some(outcome.clone()),
            State::Abandoned => return None,
            State::Pending => {}
        }
        woken.await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    async fn slow_call(calls: &AtomicUsize, answer: u32) -> u32 {
        calls.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(50)).await;
        answer
    }

    #[tokio::test]
    async fn callers_together_share_one_call_and_later_callers_make_their_own() {
        let c = WholeCoalescer::default();
        let calls = AtomicUsize::new(0);
        let together = futures::future::join3(
            c.run(1, || slow_call(&calls, 7)),
            c.run(1, || slow_call(&calls, 8)),
            c.run(2, || slow_call(&calls, 9)),
        )
        .await;
        assert_eq!(together, ((7, Role::Made), (7, Role::Shared), (9, Role::Made)));
        assert_eq!(calls.load(Ordering::SeqCst), 2, "key 1 once, key 2 once");
        assert_eq!(c.run(1, || slow_call(&calls, 10)).await, (10, Role::Made), "a finished answer is not a cache");
    }

    #[tokio::test]
    async fn when_the_leading_caller_leaves_a_follower_makes_the_call() {
        let c = WholeCoalescer::default();
        let calls = AtomicUsize::new(0);
        let mut leader = Box::pin(c.run(1, || slow_call(&calls, 1)));
        let mut follower = Box::pin(c.run(1, || slow_call(&calls, 2)));
        // Start both, so the second joins the first's flight, then drop the first.
        assert!(futures::poll!(&mut leader).is_pending());
        assert!(futures::poll!(&mut follower).is_pending());
        drop(leader);
        assert_eq!(follower.await, (2, Role::Made));
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }
}
