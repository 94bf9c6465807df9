//! Gives memory back to the system once streaming stops. glibc's malloc keeps what a burst of long streams freed
//! (about 30 MB after 32 streams of 10,000 chunks, spread over its arenas) until it is told to return it; an app or
//! gateway left running should go back to its idle size. Trimming walks the heap and takes malloc's locks, so it is
//! done at most once per `SETTLE`, after streaming has been at zero for that long, and off the request threads.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

static STREAMING: AtomicUsize = AtomicUsize::new(0);
static SCHEDULED: AtomicBool = AtomicBool::new(false);
static RELEASES: AtomicUsize = AtomicUsize::new(0);

const SETTLE: Duration = Duration::from_millis(500);

/// Held for as long as one streamed answer is being written.
pub struct Streaming(());

impl Streaming {
    pub fn start() -> Self {
        STREAMING.fetch_add(1, Ordering::SeqCst);
        Streaming(())
    }
}

impl Drop for Streaming {
    fn drop(&mut self) {
        if STREAMING.fetch_sub(1, Ordering::SeqCst) == 1 && !SCHEDULED.swap(true, Ordering::SeqCst) {
            let Ok(runtime) = tokio::runtime::Handle::try_current() else {
                SCHEDULED.store(false, Ordering::SeqCst);
                return;
            };
            runtime.spawn(async {
                tokio::time::sleep(SETTLE).await;
                SCHEDULED.store(false, Ordering::SeqCst);
                if STREAMING.load(Ordering::SeqCst) == 0 {
                    RELEASES.fetch_add(1, Ordering::SeqCst);
                    let _ = tokio::task::spawn_blocking(release).await;
                }
            });
        }
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

    #[tokio::test(start_paused = true)]
    async fn memory_is_released_once_streaming_has_stopped_for_a_while_and_not_per_stream() {
        let before = RELEASES.load(Ordering::SeqCst);
        let (a, b) = (Streaming::start(), Streaming::start());
        drop(a);
        tokio::time::sleep(SETTLE * 2).await;
        assert_eq!(RELEASES.load(Ordering::SeqCst), before, "one stream is still running");
        drop(b);
        for _ in 0..10 {
            drop(Streaming::start());
        }
        assert_eq!(RELEASES.load(Ordering::SeqCst), before, "nothing is released at once");
        tokio::time::sleep(SETTLE * 2).await;
        assert_eq!(RELEASES.load(Ordering::SeqCst), before + 1, "eleven stream ends, one release");
        let c = Streaming::start();
        drop(Streaming::start());
        tokio::time::sleep(SETTLE * 2).await;
        assert_eq!(RELEASES.load(Ordering::SeqCst), before + 1, "streaming again: nothing to give back yet");
        drop(c);
    }
}
