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
    let (idle, total_end, cap) = (deadlines.idle, started + deadlines.total, deadlines.max_answer_bytes);
    let state = State {
        bytes: response.bytes_stream().boxed(),
        parser: SseParser::new(),
        decoder,
        pending: VecDeque::new(),
        done: false,
    };
    futures::stream::unfold(state, move |mut st| async move {
        loop {
            if let Some(item) = st.pending.pop_front() {
                return Some((item, st));
            }
            if st.done {
                return None;
            }
            let left = total_end.saturating_duration_since(Instant::now());
            match tokio::time::timeout(idle.min(left), st.bytes.next()).await {
                Err(_) if idle < left => st.fail(timeout("the stream went silent")),
                Err(_) => st.fail(timeout("the answer took longer than the total deadline")),
                Ok(Some(Err(e))) => st.fail(from_transport(&e)),
                Ok(Some(Ok(bytes))) => {
                    for event in st.parser.feed(&bytes) {
                        st.handle(event);
                    }
                    // One event that never ends (no blank line, no newline) must not grow without bound.
                    if st.parser.pending_bytes() > cap && !st.done {
                        st.fail(super::answer_too_large(cap));
                    }
                }
                Ok(None) => {
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
