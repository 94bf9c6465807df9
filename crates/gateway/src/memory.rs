//! Gives memory back to the system once the gateway is idle. glibc's malloc keeps what a burst freed (about 30 MB
//! after 32 streams of 10,000 chunks, 26 MB after 1,000 connections at once, spread over its arenas) until it is
//! told to return it; an app or gateway left running should go back to its idle size. Trimming walks the heap and
//! takes malloc's locks, so it is done at most once per `SETTLE`, once no request has been handled or streamed for
//! that long, and off the request threads. A connection that closes is a moment to check too: its buffers are
//! freed after its last request.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

const SETTLE: Duration = Duration::from_millis(500);

pub struct Releaser {
    busy: AtomicUsize,
    scheduled: AtomicBool,
    releases: AtomicUsize,
}

static GATEWAY: Releaser = Releaser::new();

/// Held while a request is handled and, for a streamed answer, until its last byte is written.
pub struct Busy(&'static Releaser);

impl Busy {
    pub fn start() -> Self {
        GATEWAY.enter()
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        if self.0.busy.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.schedule();
        }
    }
}

/// A connection closed: if nothing else is going on, what it held is given back soon.
pub fn connection_closed() {
    GATEWAY.idle_point();
}

/// Every request is busy until its handler answered (a streamed body holds its own `Busy` after that).
pub async fn while_busy(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let _busy = Busy::start();
    next.run(request).await
}

impl Releaser {
    const fn new() -> Self {
        Self { busy: AtomicUsize::new(0), scheduled: AtomicBool::new(false), releases: AtomicUsize::new(0) }
    }

    fn enter(&'static self) -> Busy {
        self.busy.fetch_add(1, Ordering::SeqCst);
        Busy(self)
    }

    fn idle_point(&'static self) {
        if self.busy.load(Ordering::SeqCst) == 0 {
            self.schedule();
        }
    }

    /// One release, `SETTLE` from now, unless one is already due; skipped if the gateway got busy meanwhile.
    fn schedule(&'static self) {
        if self.scheduled.swap(true, Ordering::SeqCst) {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            self.scheduled.store(false, Ordering::SeqCst);
            return;
        };
        runtime.spawn(async move {
            tokio::time::sleep(SETTLE).await;
            self.scheduled.store(false, Ordering::SeqCst);
            if self.busy.load(Ordering::SeqCst) == 0 {
                self.releases.fetch_add(1, Ordering::SeqCst);
                let _ = tokio::task::spawn_blocking(release).await;
            }
        });
    }
}

fn release() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages to the kernel; it takes no pointers and is thread-safe.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn releaser() -> &'static Releaser {
        Box::leak(Box::new(Releaser::new()))
    }

    fn releases(r: &Releaser) -> usize {
        r.releases.load(Ordering::SeqCst)
    }

    #[tokio::test(start_paused = true)]
    async fn memory_is_released_once_requests_have_stopped_for_a_while_and_not_per_request() {
        let r = releaser();
        let (a, b) = (r.enter(), r.enter());
        drop(a);
        tokio::time::sleep(SETTLE * 2).await;
        assert_eq!(releases(r), 0, "one request is still running");
        drop(b);
        for _ in 0..10 {
            drop(r.enter());
        }
        assert_eq!(releases(r), 0, "nothing is released at once");
        tokio::time::sleep(SETTLE * 2).await;
        assert_eq!(releases(r), 1, "eleven request ends, one release");
        let c = r.enter();
        drop(r.enter());
        tokio::time::sleep(SETTLE * 2).await;
        assert_eq!(releases(r), 1, "busy again: nothing to give back yet");
        drop(c);
        tokio::time::sleep(SETTLE * 2).await;
        assert_eq!(releases(r), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_closed_connection_releases_when_nothing_is_busy() {
        let r = releaser();
        let busy = r.enter();
        r.idle_point();
        tokio::time::sleep(SETTLE * 2).await;
        assert_eq!(releases(r), 0, "a request is running");
        drop(busy);
        tokio::time::sleep(SETTLE * 2).await;
        assert_eq!(releases(r), 1);
        r.idle_point();
        r.idle_point();
        tokio::time::sleep(SETTLE * 2).await;
        assert_eq!(releases(r), 2, "two closes together, one release");
    }

    #[tokio::test]
    async fn a_request_is_busy_until_its_handler_answers() {
        use axum::routing::get;
        use tower::ServiceExt;
        let app = axum::Router::new()
            .route("/", get(|| async { GATEWAY.busy.load(Ordering::SeqCst).to_string() }))
            .layer(axum::middleware::from_fn(while_busy));
        let request = axum::http::Request::builder().uri("/").body(axum::body::Body::empty()).unwrap();
        let response = app.oneshot(request).await.unwrap();
        let body = axum::body::to_bytes(response.into_body(), 1024).await.unwrap();
        let seen: usize = std::str::from_utf8(&body).unwrap().parse().unwrap();
        assert!(seen >= 1, "the handler ran outside a Busy");
    }
}
