//! Ids in the caller's dialect. An Anthropic client answered by an OpenAI upstream sees `msg_…` and `toolu_…`, an
//! OpenAI client answered by Anthropic sees `chatcmpl-…` and `call_…`. The mapping only swaps the prefix, so it is
//! undone on the next turn without any state: the tool results a client sends back still match the calls the
//! upstream made.

const OPENAI_TOOL: &str = "call_";
const ANTHROPIC_TOOL: &str = "toolu_";
const OPENAI_MESSAGE: &str = "chatcmpl-";
const ANTHROPIC_MESSAGE: &str = "msg_";

fn swap(id: &str, from: &str, to: &str) -> String {
    match id.strip_prefix(from) {
        Some(rest) => format!("{to}{rest}"),
        None if id.starts_with(to) => id.to_owned(),
        None => format!("{to}{id}"),
    }
}

/// Anthropic accepts ids of letters, digits, `_` and `-` only; anything else becomes `_`.
fn anthropic_safe(id: String) -> String {
    id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect()
}

pub fn anthropic_tool_id(id: &str) -> String {
    if id.is_empty() {
        return id.to_owned();
    }
    anthropic_safe(swap(id, OPENAI_TOOL, ANTHROPIC_TOOL))
}

pub fn openai_tool_id(id: &str) -> String {
    if id.is_empty() {
        return id.to_owned();
    }
    swap(id, ANTHROPIC_TOOL, OPENAI_TOOL)
}

pub fn anthropic_message_id(id: &str) -> String {
    anthropic_safe(swap(id, OPENAI_MESSAGE, ANTHROPIC_MESSAGE))
}

pub fn openai_message_id(id: &str) -> String {
    swap(id, ANTHROPIC_MESSAGE, OPENAI_MESSAGE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_swap_both_ways_and_undo_each_other() {
        assert_eq!(anthropic_tool_id("call_abc123"), "toolu_abc123");
        assert_eq!(openai_tool_id("toolu_abc123"), "call_abc123");
        assert_eq!(openai_tool_id(&anthropic_tool_id("call_X9")), "call_X9");
        assert_eq!(anthropic_tool_id(&openai_tool_id("toolu_01A")), "toolu_01A");
        assert_eq!(anthropic_tool_id("toolu_keep"), "toolu_keep", "already in the dialect");
        assert_eq!(openai_tool_id("call_keep"), "call_keep");
        assert_eq!(anthropic_message_id("chatcmpl-9x"), "msg_9x");
        assert_eq!(openai_message_id("msg_01"), "chatcmpl-01");
        assert_eq!(openai_message_id("chatcmpl-1"), "chatcmpl-1");
        assert_eq!(anthropic_tool_id(""), "");
        assert_eq!(openai_tool_id(""), "");
    }

    #[test]
    fn foreign_ids_get_the_prefix_and_only_characters_anthropic_accepts() {
        assert_eq!(anthropic_tool_id("fc.1:a/b"), "toolu_fc_1_a_b");
        assert_eq!(openai_tool_id("abc"), "call_abc");
        assert_eq!(anthropic_message_id("gen-1"), "msg_gen-1");
        let a = anthropic_tool_id("call_0_9f3a-x");
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'), "{a}");
    }
}
