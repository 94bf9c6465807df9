//! Folds a stream of chunks into the whole answer it spells out: for the ledger, for tests that compare streams by
//! content rather than by how they were cut, and for answering a non-streaming caller from a streaming upstream.

use std::collections::BTreeMap;

use super::{ChatResponse, ContentBlock, StopReason, StreamChunk, Usage};

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Accumulator {
    pub id: Option<String>,
    pub model: Option<String>,
    pub thinking: String,
    pub signature: Option<String>,
    pub text: String,
    /// Tool calls by index: (id, name, arguments as streamed).
    pub tools: BTreeMap<u32, (Option<String>, Option<String>, String)>,
    pub stop: Option<StopReason>,
    pub usage: Usage,
}

impl Accumulator {
    pub fn push(&mut self, chunk: &StreamChunk) {
        match chunk {
            StreamChunk::Start { id, model } => {
                self.id = self.id.take().or_else(|| id.clone());
                self.model = self.model.take().or_else(|| model.clone());
            }
            StreamChunk::TextDelta(t) => self.text.push_str(t),
            StreamChunk::ThinkingDelta(t) => self.thinking.push_str(t),
            StreamChunk::ThinkingSignature(s) => self.signature.get_or_insert_with(String::new).push_str(s),
            StreamChunk::ToolCallDelta { index, id, name, arguments } => {
                let entry = self.tools.entry(*index).or_default();
                if entry.0.is_none() {
                    entry.0 = id.clone();
                }
                if entry.1.is_none() {
                    entry.1 = name.clone();
                }
                entry.2.push_str(arguments);
            }
            StreamChunk::Usage(u) => self.usage = *u,
            StreamChunk::Stop(r) => self.stop = Some(*r),
            StreamChunk::Raw(_) => {}
        }
    }

    pub fn into_response(self) -> ChatResponse {
        let mut content = Vec::new();
        if !self.thinking.is_empty() || self.signature.is_some() {
            content.push(ContentBlock::Thinking { text: self.thinking, signature: self.signature });
        }
        if !self.text.is_empty() {
            content.push(ContentBlock::Text { text: self.text });
        }
        for (_, (id, name, args)) in self.tools {
            let input = if args.trim().is_empty() {
                serde_json::json!({})
            } else {
                serde_json::from_str(&args).unwrap_or(serde_json::Value::String(args))
            };
            content.push(ContentBlock::ToolUse { id: id.unwrap_or_default(), name: name.unwrap_or_default(), input });
        }
        ChatResponse { id: self.id, model: self.model, content, stop_reason: self.stop, usage: self.usage, raw: None }
    }
}

pub fn accumulate<'a>(chunks: impl IntoIterator<Item = &'a StreamChunk>) -> Accumulator {
    let mut acc = Accumulator::default();
    for c in chunks {
        acc.push(c);
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_answer_cut_differently_accumulates_the_same() {
        let a = [
            StreamChunk::TextDelta("He".into()),
            StreamChunk::TextDelta("llo".into()),
            StreamChunk::ToolCallDelta { index: 0, id: Some("c".into()), name: Some("f".into()), arguments: "".into() },
            StreamChunk::ToolCallDelta { index: 0, id: None, name: None, arguments: "{\"a\":1}".into() },
        ];
        let b = [
            StreamChunk::TextDelta("Hello".into()),
            StreamChunk::ToolCallDelta {
                index: 0,
                id: Some("c".into()),
                name: Some("f".into()),
                arguments: "{\"a\":1}".into(),
            },
        ];
        assert_eq!(accumulate(&a), accumulate(&b));
        let r = accumulate(&a).into_response();
        assert_eq!(r.text(), "Hello");
        assert_eq!(
            r.content[1],
            ContentBlock::ToolUse { id: "c".into(), name: "f".into(), input: serde_json::json!({"a": 1}) }
        );
    }
}
