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
