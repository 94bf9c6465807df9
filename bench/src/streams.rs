//! Streamed calls with a chosen prompt size and answer length, in the OpenAI or Anthropic dialect, many at once.
//! Each answer's `tok ` pieces are counted as they arrive, so a stream cut short, stalled or ended with an error
//! is reported as such rather than timed as if it were whole.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;

use crate::upstream::CHUNKS_MARKER;

/// Longest wait for the answer's head or for its next piece before the call counts as hung.
const STALL: Duration = Duration::from_secs(30);
const PIECE: &[u8] = b"tok ";

#[derive(Clone, Copy, PartialEq)]
pub enum Dialect {
    OpenAi,
    Anthropic,
}

pub struct Call {
    pub url: String,
    pub model: &'static str,
    pub key: &'static str,
    pub dialect: Dialect,
    pub chunks: usize,
    /// Prompt text after the marker, sized so the whole prompt is about the asked size. Plain words: nothing to
    /// escape in JSON.
    filler: String,
}

impl Call {
    pub fn new(
        url: String,
        model: &'static str,
        key: &'static str,
        dialect: Dialect,
        prompt_bytes: usize,
        chunks: usize,
    ) -> Self {
        let words = "the quick brown fox jumps over the lazy dog and keeps running through the long grass ";
        let filler = words.repeat(prompt_bytes / words.len() + 1)[..prompt_bytes.saturating_sub(32)].to_owned();
        Self { url, model, key, dialect, chunks, filler }
    }
}

static SENT: AtomicUsize = AtomicUsize::new(0);

/// Every prompt differs (a sequence number after the marker), so no two calls are shared in flight.
fn body(call: &Call) -> String {
    let n = SENT.fetch_add(1, Ordering::Relaxed);
    let content = format!("{CHUNKS_MARKER}{} #{n} {}", call.chunks, call.filler);
    let messages =
        format!(r#""messages":[{{"role":"user","content":"{content}"}}],"model":"{}","stream":true"#, call.model);
    match call.dialect {
        Dialect::OpenAi => format!("{{{messages}}}"),
        Dialect::Anthropic => format!(r#"{{"max_tokens":32000,{messages}}}"#),
    }
}

fn count_pieces(carry: &[u8], frame: &[u8]) -> usize {
    let mut seam = carry.to_vec();
    seam.extend_from_slice(&frame[..frame.len().min(PIECE.len() - 1)]);
    let across = seam.windows(PIECE.len()).filter(|w| *w == PIECE).count();
    across + frame.windows(PIECE.len()).filter(|w| *w == PIECE).count()
}

fn keep_tail(tail: &mut Vec<u8>, frame: &[u8], keep: usize) {
    tail.extend_from_slice(&frame[frame.len().saturating_sub(keep)..]);
    let excess = tail.len().saturating_sub(keep);
    tail.drain(..excess);
}

/// Why a call failed; a hung call also stops its caller, so a stalled proxy costs one wait per caller.
struct Failure {
    message: String,
    hung: bool,
}

fn failed(message: String) -> Failure {
    Failure { message, hung: false }
}

fn hung(message: String) -> Failure {
    Failure { message, hung: true }
}

/// One streamed call; `pieces` counts what arrived, also when the call fails.
async fn one(client: &reqwest::Client, call: &Call, pieces: &AtomicUsize) -> Result<(), Failure> {
    let request = client.post(&call.url).header("content-type", "application/json").body(body(call));
    let request = match call.dialect {
        Dialect::OpenAi => request.bearer_auth(call.key),
        Dialect::Anthropic => request.header("x-api-key", call.key).header("anthropic-version", "2023-06-01"),
    };
    let response = tokio::time::timeout(STALL, request.send())
        .await
        .map_err(|_| hung(format!("no answer head within {} s", STALL.as_secs())))?
        .map_err(|e| failed(format!("request failed: {e}")))?;
    let status = response.status();
    if !status.is_success() {
        let text = response.text().await.unwrap_or_default();
        return Err(failed(format!("HTTP {status}: {}", text.chars().take(300).collect::<String>())));
    }
    let mut stream = response.bytes_stream();
    let (mut got, mut carry, mut tail) = (0, Vec::new(), Vec::new());
    loop {
        let frame = match tokio::time::timeout(STALL, stream.next()).await {
            Err(_) => {
                let secs = STALL.as_secs();
                return Err(hung(format!("stalled: nothing for {secs} s after {got} of {} chunks", call.chunks)));
            }
            Ok(None) => break,
            Ok(Some(Err(e))) => return Err(failed(format!("body failed after {got} of {} chunks: {e}", call.chunks))),
            Ok(Some(Ok(frame))) => frame,
        };
        let n = count_pieces(&carry, &frame);
        got += n;
        pieces.fetch_add(n, Ordering::Relaxed);
        keep_tail(&mut carry, &frame, PIECE.len() - 1);
        keep_tail(&mut tail, &frame, 300);
    }
    let end: &[u8] = if call.dialect == Dialect::OpenAi { b"[DONE]" } else { b"message_stop" };
    let ended = tail.windows(end.len()).any(|w| w == end);
    if got != call.chunks || !ended {
        let tail = String::from_utf8_lossy(&tail).replace('\n', "\\n");
        return Err(failed(format!("incomplete: {got} of {} chunks; the stream ends with: …{tail}", call.chunks)));
    }
    Ok(())
}

pub struct Outcome {
    pub done: usize,
    pub asked: usize,
    /// The first failure and how many failed.
    pub failed: Option<(String, usize)>,
    /// Content chunks that reached the client, across all calls.
    pub chunks: usize,
    pub wall: Duration,
}

/// `concurrency` callers, each making `per_caller` calls one after another.
pub async fn run(client: &reqwest::Client, call: Arc<Call>, concurrency: usize, per_caller: usize) -> Outcome {
    let pieces = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, call, pieces) = (client.clone(), call.clone(), pieces.clone());
            tokio::spawn(async move {
                let (mut done, mut errors) = (0, Vec::new());
                for _ in 0..per_caller {
                    match one(&client, &call, &pieces).await {
                        Ok(()) => done += 1,
                        Err(Failure { message, hung }) => {
                            errors.push(message);
                            if hung {
                                break;
                            }
                        }
                    }
                }
                (done, errors)
            })
        })
        .collect();
    let (mut done, mut errors) = (0, Vec::new());
    for task in tasks {
        let (d, e) = task.await.unwrap();
        done += d;
        errors.extend(e);
    }
    let failed = errors.first().cloned().map(|first| (first, errors.len()));
    Outcome {
        done,
        asked: concurrency * per_caller,
        failed,
        chunks: pieces.load(Ordering::Relaxed),
        wall: started.elapsed(),
    }
}
