//! Token counts for answers whose upstream reported none (some OpenAI-compatible servers, streams cut short,
//! mocks). Counted with tiktoken's o200k_base: exact for current OpenAI models, an estimate for everyone else,
//! so such usage is marked `estimated`. The tokenizer's tables take tens of megabytes, so they are loaded only the
//! first time an upstream leaves usage out.

use std::sync::LazyLock;

use tiktoken_rs::CoreBPE;

use crate::ir::{ChatRequest, ContentBlock, Message};

static BPE: LazyLock<CoreBPE> =
    LazyLock::new(|| tiktoken_rs::o200k_base().expect("o200k_base is bundled with tiktoken-rs"));

pub fn count_text(text: &str) -> u32 {
    BPE.encode_ordinary(text).len() as u32
}

/// What a stream wrote, kept for counting only up to a limit (`KEEP` bytes by default): past that, the rest is
/// counted at about four bytes a token, so a long stream's memory stays bounded.
pub struct TextTally {
    kept: String,
    beyond_kept: u32,
    limit: usize,
}

const KEEP: usize = 256 * 1024;

impl Default for TextTally {
    fn default() -> Self {
        Self::keeping(KEEP)
    }
}

impl TextTally {
    pub fn keeping(limit: usize) -> Self {
        Self { kept: String::new(), beyond_kept: 0, limit }
    }

    pub fn push(&mut self, text: &str) {
        if self.kept.len() + text.len() <= self.limit {
            self.kept.push_str(text);
        } else {
            self.beyond_kept = self.beyond_kept.saturating_add(text.len() as u32);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.kept.is_empty() && self.beyond_kept == 0
    }

    /// The tokens written: the kept text counted with the tokenizer, the rest estimated.
    pub fn tokens(&self) -> u32 {
        count_text(&self.kept) + self.beyond_kept / 4
    }

    /// Everything the chunk wrote that the model is paid for: text, thinking, tool calls and their arguments.
    pub fn see(&mut self, chunk: &crate::ir::StreamChunk) {
        use crate::ir::StreamChunk;
        match chunk {
            StreamChunk::TextDelta(t) | StreamChunk::ThinkingDelta(t) => self.push(t),
            StreamChunk::ToolCallDelta { name, arguments, .. } => {
                self.push(name.as_deref().unwrap_or(""));
                self.push(arguments);
            }
            _ => {}
        }
    }
}

/// Per-message framing overhead, as OpenAI documents it for chat models.
const PER_MESSAGE: u32 = 3;
const PER_REPLY: u32 = 3;
/// Images are billed by size, which the request does not say; a typical 512px tile.
const PER_IMAGE: u32 = 255;

fn count_message(m: &Message) -> u32 {
    PER_MESSAGE
        + m.content
            .iter()
            .map(|b| match b {
                ContentBlock::Text { text } => count_text(text),
                ContentBlock::Image { .. } => PER_IMAGE,
                ContentBlock::ToolUse { name, input, .. } => count_text(name) + count_text(&input.to_string()),
                ContentBlock::ToolResult { content, .. } => count_text(content),
                ContentBlock::Thinking { text, .. } => count_text(text),
            })
            .sum::<u32>()
}

pub fn count_request(req: &ChatRequest) -> u32 {
    let system: u32 = req.system.iter().map(|p| PER_MESSAGE + count_text(&p.text)).sum();
    let tools: u32 = req
        .tools
        .iter()
        .map(|t| {
            count_text(&t.name)
                + count_text(t.description.as_deref().unwrap_or(""))
                + count_text(&t.input_schema.to_string())
        })
        .sum();
    system + tools + req.messages.iter().map(count_message).sum::<u32>() + PER_REPLY
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Role;

    #[test]
    fn counts_grow_with_the_text_and_every_part_counts() {
        assert_eq!(count_text(""), 0);
        assert!(count_text("Hello, world!") >= 3 && count_text("Hello, world!") <= 5);
        assert!(count_text(&"word ".repeat(100)) >= 100);
        let short = ChatRequest { messages: vec![Message::text(Role::User, "hi")], ..Default::default() };
        let long = ChatRequest { messages: vec![Message::text(Role::User, "hi ".repeat(50))], ..Default::default() };
        assert!(count_request(&long) > count_request(&short));
        assert!(count_request(&short) > PER_MESSAGE + PER_REPLY);
    }
}

#[cfg(test)]
mod tally_tests {
    use super::*;

    #[test]
    fn a_long_answer_is_kept_only_up_to_the_limit_and_the_rest_still_counted() {
        let mut w = TextTally::default();
        assert!(w.is_empty());
        let piece = "word ".repeat(1000);
        for _ in 0..100 {
            w.push(&piece);
        }
        assert!(w.kept.len() <= KEEP && w.kept.len() > KEEP - piece.len(), "{} bytes kept", w.kept.len());
        assert_eq!(w.kept.len() + w.beyond_kept as usize, 100 * piece.len(), "every byte is counted");
        assert_eq!(w.tokens(), count_text(&w.kept) + w.beyond_kept / 4);
        assert!(!w.is_empty());
        let mut small = TextTally::keeping(8);
        small.push("12345678");
        small.push("9");
        assert_eq!((small.kept.as_str(), small.beyond_kept), ("12345678", 1));
    }
}
