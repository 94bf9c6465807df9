//! The stream grammars clients rely on, checked event by event.
#![allow(dead_code)]

use serde_json::Value;
use switchyard_core::translate::anthropic_stream;

/// message_start; blocks started, delta'd and stopped one at a time, numbered in order; one message_delta; message_stop.
pub fn check_anthropic_grammar(name: &str, events: &[anthropic_stream::Event]) {
    assert_eq!(events.first().map(|e| e.0), Some("message_start"), "{name}: starts with message_start");
    assert_eq!(events.last().map(|e| e.0), Some("message_stop"), "{name}: ends with message_stop");
    let mut open: Option<u64> = None;
    let mut next = 0u64;
    let mut saw_delta = false;
    for (i, (kind, data)) in events.iter().enumerate() {
        assert_eq!(data["type"].as_str(), Some(*kind), "{name}: event name matches its type");
        match *kind {
            "message_start" => assert_eq!(i, 0, "{name}: one message_start"),
            "content_block_start" => {
                assert!(open.is_none(), "{name}: block {next} opened while another is open");
                assert_eq!(data["index"].as_u64(), Some(next), "{name}: blocks numbered in order");
                open = Some(next);
                next += 1;
            }
            "content_block_delta" => assert_eq!(data["index"].as_u64(), open, "{name}: delta for the open block"),
            "content_block_stop" => {
                assert_eq!(data["index"].as_u64(), open, "{name}: stop for the open block");
                open = None;
            }
            "message_delta" => {
                assert!(open.is_none(), "{name}: message_delta with a block open");
                assert!(!saw_delta, "{name}: one message_delta");
                saw_delta = true;
            }
            "message_stop" => assert_eq!(i, events.len() - 1),
            other => panic!("{name}: unexpected event {other}"),
        }
    }
    assert!(saw_delta, "{name}: message_delta present");
}

/// OpenAI chunk rules clients rely on: the first chunk has the role; a tool call's first chunk has its id, type
/// and name, and indexes appear in order; exactly one chunk has a finish_reason.
pub fn check_openai_grammar(name: &str, chunks: &[Value]) {
    assert_eq!(chunks[0]["choices"][0]["delta"]["role"], "assistant", "{name}: role first");
    let mut seen: Vec<u64> = Vec::new();
    let mut finishes = 0;
    for c in chunks {
        assert_eq!(c["object"], "chat.completion.chunk", "{name}");
        for choice in c["choices"].as_array().unwrap() {
            for call in choice["delta"]["tool_calls"].as_array().into_iter().flatten() {
                let index = call["index"].as_u64().unwrap();
                if !seen.contains(&index) {
                    assert_eq!(index, seen.len() as u64, "{name}: tool call indexes in order");
                    assert!(
                        call["id"].is_string() && call["function"]["name"].is_string(),
                        "{name}: first tool chunk names it"
                    );
                    assert_eq!(call["type"], "function", "{name}");
                    seen.push(index);
                } else {
                    assert!(call.get("id").is_none(), "{name}: id only on a tool call's first chunk");
                }
            }
            if !choice["finish_reason"].is_null() {
                finishes += 1;
            }
        }
    }
    assert_eq!(finishes, 1, "{name}: exactly one finish_reason");
}
