//! Turns a streamed HTTP body into IR chunks: SSE framing, an idle deadline between reads, a decoder per wire
//! format, and an error (never a quiet end) when the body stops before the format's end marker.

use std::collections::VecDeque;
use std::time::Instant;

use futures::StreamExt;

use super::http_error::{from_transport, timeout};
use super::{ChunkStream, Deadlines};
use crate::error::{Error, ErrorCategory, Result};
use crate::ir::StreamChunk;
use crate::translate::sse::{SseEvent, SseParser};

pub trait EventDecoder: Send + 'static {
    fn decode(&mut self, event: &SseEvent) -> Result<Vec<StreamChunk>>;
    /// Whether the format's end marker was read (`[DONE]`, a finish reason, `message_stop`).
    fn complete(&self) -> bool;
    /// Whether reading may stop now (after `[DONE]`, without waiting for the connection to close).
    fn done(&self) -> bool {
        false
    }
}

/// When the stream was last heard from, and the one timer that checks for silence and the total deadline.
struct Watch {
    last_read: tokio::time::Instant,
    timer: std::pin::Pin<Box<tokio::time::Sleep>>,
}

struct State<D> {
    bytes: futures::stream::BoxStream<'static, reqwest::Result<bytes::Bytes>>,
    parser: SseParser,
    decoder: D,
    pending: VecDeque<Result<StreamChunk>>,
    done: bool,
}

impl<D: EventDecoder> State<D> {
    fn handle(&mut self, event: SseEvent) {
        if self.done {
            return;
        }
        match self.decoder.decode(&event) {
            Ok(chunks) => self.pending.extend(chunks.into_iter().map(Ok)),
            Err(e) => self.fail(e),
        }
        if self.decoder.done() {
            self.done = true;
        }
    }

    fn fail(&mut self, e: Error) {
        self.pending.push_back(Err(e));
        self.done = true;
    }
}

/// The connection is closed as soon as the returned stream is dropped.
/// `started` is when the request was sent: the total deadline counts from there.
pub fn chunk_stream<D: EventDecoder>(
    response: reqwest::Response,
    deadlines: &Deadlines,
    started: Instant,
    decoder: D,
) -> ChunkStream {
    let (idle, cap) = (deadlines.idle, deadlines.max_answer_bytes);
    let total_end = tokio::time::Instant::from_std(started + deadlines.total);
    let now = tokio::time::Instant::now();
    let state = State {
        bytes: response.bytes_stream().boxed(),
        parser: SseParser::new(),
        decoder,
        pending: VecDeque::new(),
        done: false,
    };
    // One timer for the whole stream, moved only when it fires: re-arming a timeout for every read cost more than
    // reading a chunk. When it fires early (bytes came since it was set), it is set again from the last read.
    let watch = Watch { last_read: now, timer: Box::pin(tokio::time::sleep_until((now + idle).min(total_end))) };
    futures::stream::unfold((state, watch), move |(mut st, mut watch)| async move {
        loop {
            if let Some(item) = st.pending.pop_front() {
                return Some((item, (st, watch)));
            }
            if st.done {
                return None;
            }
            let next = tokio::select! {
                biased;
                next = st.bytes.next() => Ok(next),
                _ = watch.timer.as_mut() => Err(()),
            };
            let next = match next {
                Ok(next) => {
                    watch.last_read = tokio::time::Instant::now();
                    next
                }
                Err(()) => {
                    let now = tokio::time::Instant::now();
                    if now >= total_end {
                        st.fail(timeout("the answer took longer than the total deadline"));
                    } else if now >= watch.last_read + idle {
                        st.fail(timeout("the stream went silent"));
                    } else {
                        watch.timer.as_mut().reset((watch.last_read + idle).min(total_end));
                    }
                    continue;
                }
            };
            match next {
                Some(Err(e)) => st.fail(from_transport(&e)),
                Some(Ok(bytes)) => {
                    for event in st.parser.feed(&bytes) {
                        st.handle(event);
                    }
                    // One event that never ends (no blank line, no newline) must not grow without bound.
                    if st.parser.pending_bytes() > cap && !st.done {
                        st.fail(super::answer_too_large(cap));
                    }
                }
                None => {
                    if let Some(event) = st.parser.finish() {
                        st.handle(event);
                    }
                    if !st.done && !st.decoder.complete() {
                        st.fail(Error::new(
                            ErrorCategory::Upstream,
                            "upstream_stream_truncated",
                            "The provider closed the connection before the answer was complete.",
                        ));
                    }
                    st.done = true;
                }
            }
        }
    })
    .fuse()
    .boxed()
}
