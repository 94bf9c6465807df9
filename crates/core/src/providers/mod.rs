//! One trait for every upstream; one file per wire family.

pub mod anthropic;
pub mod catalogue;
pub mod estimating;
pub mod gemini;
pub mod http;
pub mod http_error;
pub mod openai_compat;
pub mod presets;
pub mod registry;
pub mod sse_stream;

use std::pin::Pin;
use std::time::Duration;

use futures::Stream;

use crate::error::Result;
use crate::ir::{ChatRequest, ChatResponse, StreamChunk, Wire};

/// A boxed stream of normalised chunks. Dropping it stops reading and closes the connection.
pub type ChunkStream = Pin<Box<dyn Stream<Item = Result<StreamChunk>> + Send>>;

#[async_trait::async_trait]
pub trait Provider: Send + Sync {
    /// The dialect the upstream speaks.
    fn wire(&self) -> Wire;
    async fn complete(&self, request: &ChatRequest) -> Result<ChatResponse>;
    /// Resolves once the upstream accepted the request (status and headers read); errors before that are
    /// returned here, errors after it arrive inside the stream.
    async fn stream(&self, request: &ChatRequest) -> Result<ChunkStream>;
    async fn list_models(&self) -> Result<Vec<String>>;
}

/// How long to wait at each stage of a call, and the most of one answer held in memory while reading it.
#[derive(Debug, Clone, Copy)]
pub struct Deadlines {
    pub connect: Duration,
    /// Until the status line and headers arrive.
    pub first_byte: Duration,
    /// Longest silence between two pieces of a streamed body.
    pub idle: Duration,
    /// Longest a whole call may take, first byte to last.
    pub total: Duration,
    /// The most bytes of a whole answer, or of one streamed event, read into memory; past it the call ends with
    /// `answer_too_large` instead of growing.
    pub max_answer_bytes: usize,
}

/// 32 MiB: far above any real answer, low enough that a runaway upstream cannot exhaust memory.
pub const DEFAULT_MAX_ANSWER_BYTES: usize = 32 * 1024 * 1024;

pub fn answer_too_large(cap: usize) -> crate::error::Error {
    crate::error::Error::new(
        crate::error::ErrorCategory::Upstream,
        "answer_too_large",
        format!("The provider's answer passed the {} KB a call may hold; it was cut off.", cap / 1024),
    )
    .with_retriable(false)
}

impl Default for Deadlines {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            first_byte: Duration::from_secs(60),
            idle: Duration::from_secs(60),
            total: Duration::from_secs(600),
            max_answer_bytes: DEFAULT_MAX_ANSWER_BYTES,
        }
    }
}
