//! One kept answer: what the provider said (normalised, and as it came for a whole answer), who said it, what it
//! cost and how long it took — and how it is replayed as a stream or a whole answer.

use std::io::{Read, Write};

use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCategory, Result};
use crate::ir::{ChatResponse, ContentBlock, StreamChunk, Wire};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedAnswer {
    pub response: ChatResponse,
    /// The upstream's whole body as it came, for a caller of its dialect (`wire`); None for a streamed answer.
    pub raw: Option<String>,
    /// The dialect of the upstream that answered.
    pub wire: Wire,
    pub provider_id: String,
    pub model: String,
    pub namespace: String,
    pub created_at: i64,
    pub expires_at: i64,
    /// What the call that made the answer cost (None: unpriced) and took; a hit saves that much.
    pub cost_usd_micros: Option<i64>,
    pub latency_ms: i64,
}

impl CachedAnswer {
    /// Compressed JSON: the body the SQLite tier keeps.
    pub fn encode(&self) -> Vec<u8> {
        let mut json = serde_json::to_vec(self).unwrap_or_default();
        let mut out = DeflateEncoder::new(Vec::with_capacity(json.len() / 3), Compression::fast());
        // Writing into a Vec cannot fail.
        let _ = out.write_all(&json);
        json.clear();
        out.finish().unwrap_or_default()
    }

    pub fn decode(bytes: &[u8]) -> Result<Self> {
        let mut json = Vec::new();
        DeflateDecoder::new(bytes).read_to_end(&mut json).map_err(|e| {
            Error::new(ErrorCategory::Storage, "cache_entry_damaged", format!("A cached answer is damaged: {e}."))
        })?;
        serde_json::from_slice(&json).map_err(|e| {
            Error::new(ErrorCategory::Storage, "cache_entry_damaged", format!("A cached answer is damaged: {e}."))
        })
    }

    /// About how many bytes it holds in memory: what the memory tier weighs it by.
    pub fn weight(&self) -> u32 {
        let content: usize = self.response.content.iter().map(block_bytes).sum();
        let raw = self.raw.as_ref().map_or(0, String::len);
        let strings = self.provider_id.len() + self.model.len() + self.namespace.len();
        (content + raw + strings + PER_ENTRY_BYTES).min(u32::MAX as usize) as u32
    }

    /// The whole answer, with the upstream's body when there is one.
    pub fn whole(&self) -> ChatResponse {
        ChatResponse { raw: self.raw.clone(), ..self.response.clone() }
    }
}

#[cfg(test)]
impl CachedAnswer {
    /// A text answer of provider "p", for tests of the tiers.
    pub(crate) fn of_text(text: &str, namespace: &str, model: &str, expires_at: i64) -> Self {
        CachedAnswer {
            response: ChatResponse {
                id: None,
                model: None,
                content: vec![ContentBlock::Text { text: text.into() }],
                stop_reason: None,
                usage: Default::default(),
                raw: None,
            },
            raw: None,
            wire: Wire::OpenAi,
            provider_id: "p".into(),
            model: model.into(),
            namespace: namespace.into(),
            created_at: 0,
            expires_at,
            cost_usd_micros: None,
            latency_ms: 0,
        }
    }
}

/// A whole answer as the chunks a live stream of it would bring, in the order providers send them.
pub fn chunks_of(r: &ChatResponse) -> Vec<StreamChunk> {
    let mut out = vec![StreamChunk::Start { id: r.id.clone(), model: r.model.clone() }];
    let mut tool_index = 0;
    for block in &r.content {
        match block {
            ContentBlock::Thinking { text, signature } => {
                if !text.is_empty() {
                    out.push(StreamChunk::ThinkingDelta(text.clone()));
                }
                if let Some(s) = signature {
                    out.push(StreamChunk::ThinkingSignature(s.clone()));
                }
            }
            ContentBlock::Text { text } => out.push(StreamChunk::TextDelta(text.clone())),
            ContentBlock::ToolUse { id, name, input } => {
                out.push(StreamChunk::ToolCallDelta {
                    index: tool_index,
                    id: Some(id.clone()),
                    name: Some(name.clone()),
                    arguments: input.to_string(),
                });
                tool_index += 1;
            }
            // An answer holds no images or tool results of its own.
            ContentBlock::Image { .. } | ContentBlock::ToolResult { .. } => {}
        }
    }
    if let Some(stop) = r.stop_reason {
        out.push(StreamChunk::Stop(stop));
    }
    out.push(StreamChunk::Usage(r.usage));
    out
}

/// What an entry costs beyond its text: the structs, the memory tier's bookkeeping and the allocator's rounding.
/// Measured: 100,000 small answers grew the gateway by ~1.2 KB each where the text was ~350 bytes
/// (`bench/gateway.sh cache`).
const PER_ENTRY_BYTES: usize = 850;

fn block_bytes(b: &ContentBlock) -> usize {
    match b {
        ContentBlock::Text { text } => text.len(),
        ContentBlock::Thinking { text, signature } => text.len() + signature.as_ref().map_or(0, String::len),
        ContentBlock::ToolUse { id, name, input } => id.len() + name.len() + input.to_string().len(),
        ContentBlock::Image { .. } | ContentBlock::ToolResult { .. } => 64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::accumulate::accumulate;
    use crate::ir::{StopReason, Usage};

    pub(crate) fn answer() -> CachedAnswer {
        CachedAnswer {
            response: ChatResponse {
                id: Some("msg_1".into()),
                model: Some("m-2025".into()),
                content: vec![
                    ContentBlock::Thinking { text: "hmm".into(), signature: Some("sig".into()) },
                    ContentBlock::Text { text: "Hello 你好".into() },
                    ContentBlock::ToolUse { id: "c1".into(), name: "f".into(), input: serde_json::json!({"a": 1}) },
                    ContentBlock::ToolUse { id: "c2".into(), name: "g".into(), input: serde_json::json!({}) },
                ],
                stop_reason: Some(StopReason::ToolUse),
                usage: Usage { input_tokens: 10, output_tokens: 5, reasoning_tokens: 2, ..Default::default() },
                raw: None,
            },
            raw: Some(r#"{"id":"msg_1"}"#.into()),
            wire: Wire::Anthropic,
            provider_id: "p".into(),
            model: "m".into(),
            namespace: "default".into(),
            created_at: 1,
            expires_at: 2,
            cost_usd_micros: Some(42),
            latency_ms: 900,
        }
    }

    #[test]
    fn an_entry_survives_its_encoding_raw_body_included() {
        let a = answer();
        let bytes = a.encode();
        assert_eq!(CachedAnswer::decode(&bytes).unwrap(), a);
        assert_eq!(CachedAnswer::decode(b"not deflate").unwrap_err().code, "cache_entry_damaged");
        let long = CachedAnswer {
            response: ChatResponse { content: vec![ContentBlock::Text { text: "ab".repeat(5000) }], ..a.response },
            ..answer()
        };
        assert!(long.encode().len() < 1000, "bodies are compressed");
    }

    #[test]
    fn replayed_chunks_spell_out_the_same_answer() {
        let a = answer();
        let replayed = accumulate(&chunks_of(&a.response)).into_response();
        assert_eq!(replayed, a.response);
        assert_eq!(a.whole().raw, a.raw);
        assert!(matches!(chunks_of(&a.response)[0], StreamChunk::Start { .. }));
        assert!(matches!(chunks_of(&a.response).last(), Some(StreamChunk::Usage(_))));
    }

    #[test]
    fn the_weight_counts_every_text_the_answer_holds_and_its_overhead() {
        let a = CachedAnswer {
            response: ChatResponse {
                content: vec![
                    ContentBlock::Text { text: "abc".into() },
                    ContentBlock::Thinking { text: "hm".into(), signature: Some("sig".into()) },
                    ContentBlock::ToolUse { id: "c1".into(), name: "f".into(), input: serde_json::json!({"a": 1}) },
                ],
                ..answer().response
            },
            raw: Some("xy".into()),
            provider_id: "p".into(),
            model: "m".into(),
            namespace: "default".into(),
            ..answer()
        };
        // text 3, thinking 2 + 3, tool 2 + 1 + 7 ({"a":1}), raw 2, names 1 + 1 + 7.
        assert_eq!(a.weight() as usize, 3 + 5 + 10 + 2 + 9 + PER_ENTRY_BYTES);
    }

    #[test]
    fn the_weight_grows_with_what_the_answer_holds() {
        let a = CachedAnswer { raw: None, ..answer() };
        let bigger = CachedAnswer { raw: Some("x".repeat(10_000)), ..answer() };
        assert!(bigger.weight() >= a.weight() + 10_000);
    }
}
