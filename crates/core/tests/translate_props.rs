//! Property tests: the translators never panic on arbitrary input, and any chunk sequence encodes to a stream the
//! other side reads back with the same content.

mod support;

use proptest::prelude::*;
use serde_json::{json, Value};
use support::grammar::{check_anthropic_grammar, check_openai_grammar};
use switchyard_core::ir::accumulate::accumulate;
use switchyard_core::ir::{StopReason, StreamChunk, Usage};
use switchyard_core::translate::{anthropic_messages, anthropic_stream, ids, openai_chat, openai_stream};

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        "[a-z_ ]{0,8}".prop_map(Value::String),
        prop_oneof![Just("user"), Just("assistant"), Just("tool"), Just("text"), Just("tool_use"), Just("image")]
            .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("model".to_owned()),
                    Just("messages".to_owned()),
                    Just("role".to_owned()),
                    Just("content".to_owned()),
                    Just("type".to_owned()),
                    Just("text".to_owned()),
                    Just("tools".to_owned()),
                    Just("tool_choice".to_owned()),
                    Just("system".to_owned()),
                    Just("source".to_owned()),
                    Just("tool_calls".to_owned()),
                    Just("function".to_owned()),
                    Just("delta".to_owned()),
                    Just("index".to_owned()),
                    Just("usage".to_owned()),
                    "[a-z]{1,6}",
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn any_chunk() -> impl Strategy<Value = StreamChunk> {
    prop_oneof![
        "[a-zA-Z ,.你好]{0,6}".prop_map(StreamChunk::TextDelta),
        "[a-z ]{0,6}".prop_map(StreamChunk::ThinkingDelta),
        (0u32..3, "[{}\":a-z0-9]{0,6}", any::<bool>()).prop_map(|(index, arguments, first)| {
            StreamChunk::ToolCallDelta {
                index,
                id: first.then(|| format!("call_{index}")),
                name: first.then(|| format!("tool{index}")),
                arguments,
            }
        }),
        (0u32..1000, 0u32..1000).prop_map(|(i, o)| StreamChunk::Usage(Usage {
            input_tokens: i,
            output_tokens: o,
            ..Default::default()
        })),
        prop_oneof![Just(StopReason::EndTurn), Just(StopReason::MaxTokens), Just(StopReason::ToolUse)]
            .prop_map(StreamChunk::Stop),
    ]
}

/// Shapes a random sequence the way upstreams send tool calls: numbered from 0 in order, each call's deltas
/// contiguous, the first delta naming it. (No upstream interleaves the arguments of two calls.)
fn well_ordered(chunks: Vec<StreamChunk>) -> Vec<StreamChunk> {
    let mut current: Option<u32> = None;
    let mut next = 0u32;
    chunks
        .into_iter()
        .map(|c| match c {
            StreamChunk::ToolCallDelta { index, arguments, .. } => {
                let start_new = current.is_none() || index % 2 == 1;
                let index = if start_new {
                    next += 1;
                    next - 1
                } else {
                    current.unwrap()
                };
                current = Some(index);
                StreamChunk::ToolCallDelta {
                    index,
                    id: start_new.then(|| format!("call_{index}")),
                    name: start_new.then(|| format!("tool{index}")),
                    arguments,
                }
            }
            other => other,
        })
        .collect()
}

type Tools = std::collections::BTreeMap<u32, (Option<String>, Option<String>, String)>;

/// The tool calls with their ids as the other dialect writes them.
fn with_ids(tools: &Tools, map: fn(&str) -> String) -> Tools {
    tools.iter().map(|(i, (id, name, args))| (*i, (id.as_deref().map(map), name.clone(), args.clone()))).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn request_parsers_never_panic(body in any_json()) {
        let _ = openai_chat::parse_request(&body);
        let _ = anthropic_messages::parse_request(&body);
    }

    #[test]
    fn stream_decoders_never_panic(event in any_json(), raw in ".{0,40}") {
        let _ = openai_chat::parse_stream_chunk(&event.to_string());
        let _ = openai_chat::parse_stream_chunk(&raw);
        let mut d = anthropic_stream::Decoder::new();
        let _ = d.decode(&event.to_string());
        let _ = d.decode(&raw);
    }

    #[test]
    fn parsed_requests_survive_a_round_trip(body in any_json()) {
        if let Ok(ir) = openai_chat::parse_request(&body) {
            let again = openai_chat::parse_request(&openai_chat::request_body(&ir, ir.stream));
            prop_assert!(again.is_ok());
        }
        if let Ok(ir) = anthropic_messages::parse_request(&body) {
            prop_assert!(anthropic_messages::parse_request(&anthropic_messages::request_body(&ir)).is_ok());
        }
    }

    #[test]
    fn any_chunk_sequence_crosses_to_anthropic_and_back(chunks in prop::collection::vec(any_chunk(), 0..30)) {
        let chunks = well_ordered(chunks);
        let mut e = anthropic_stream::Encoder::new("m");
        let mut events: Vec<_> = chunks.iter().cloned().flat_map(|c| e.encode(c)).collect();
        events.extend(e.finish());
        check_anthropic_grammar("generated", &events);
        let mut d = anthropic_stream::Decoder::new();
        let back: Vec<StreamChunk> = events.iter().flat_map(|(_, v)| d.decode(&v.to_string()).unwrap()).collect();
        let (a, b) = (accumulate(&chunks), accumulate(&back));
        prop_assert_eq!(a.text, b.text);
        prop_assert_eq!(a.thinking, b.thinking);
        prop_assert_eq!(with_ids(&a.tools, ids::anthropic_tool_id), b.tools, "the same calls, with Anthropic ids");
        prop_assert_eq!(a.usage.output_tokens, b.usage.output_tokens);
    }

    #[test]
    fn any_chunk_sequence_crosses_to_openai_and_back(chunks in prop::collection::vec(any_chunk(), 0..30)) {
        let chunks = well_ordered(chunks);
        let mut e = openai_stream::Encoder::new("m", 0, true);
        let mut wire: Vec<Value> = chunks.iter().cloned().flat_map(|c| e.encode(c)).collect();
        wire.extend(e.finish());
        check_openai_grammar("generated", &wire);
        let back: Vec<StreamChunk> = wire.iter().flat_map(|c| openai_chat::parse_stream_chunk(&c.to_string()).unwrap()).collect();
        let (a, b) = (accumulate(&chunks), accumulate(&back));
        prop_assert_eq!(a.text, b.text);
        prop_assert_eq!(a.thinking, b.thinking);
        prop_assert_eq!(with_ids(&a.tools, ids::openai_tool_id), b.tools, "the same calls, with OpenAI ids");
        prop_assert_eq!(a.usage, b.usage);
    }
}
