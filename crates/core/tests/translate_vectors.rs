//! Recorded real streams (../shared/vectors) translated to the other wire format and read back: the translated
//! stream must follow the target's grammar event by event, and carry the same content as the original.

mod support;

use support::grammar::{check_anthropic_grammar, check_openai_grammar};

use std::path::{Path, PathBuf};

use serde_json::Value;
use switchyard_core::ir::accumulate::{accumulate, Accumulator};
use switchyard_core::ir::{StopReason, StreamChunk};
use switchyard_core::translate::sse::SseParser;
use switchyard_core::translate::{anthropic_stream, ids, openai_chat, openai_stream};

/// Streams that are broken or several responses spliced together, on purpose (see vectors/PROVENANCE.md).
const NOT_ONE_WELL_FORMED_STREAM: &[&str] = &[
    "incomplete_partial_json_response.txt",
    "out_of_order_response.txt",
    "duplicate-message-start.chunks.txt",
    "spliced-message-start.chunks.txt",
    "anthropic-programmatic-tool-calling.1.chunks.txt",
    "anthropic-tool-search-",
];

fn files(dir: &Path, suffix: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            files(&p, suffix, out);
        } else if p.to_string_lossy().ends_with(suffix) {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if !NOT_ONE_WELL_FORMED_STREAM.iter().any(|bad| name.starts_with(bad)) {
                out.push(p);
            }
        }
    }
    out.sort();
}

/// The `data` payloads of a vector: SSE (`data:` lines) or JSON lines.
fn payloads(path: &Path, split: usize) -> Vec<String> {
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    if text.trim_start().starts_with('{') {
        return text.lines().filter(|l| !l.trim().is_empty()).map(str::to_owned).collect();
    }
    let mut parser = SseParser::new();
    let mut events = Vec::new();
    for piece in bytes.chunks(split) {
        events.extend(parser.feed(piece));
    }
    events.extend(parser.finish());
    events.into_iter().map(|e| e.data).filter(|d| d != "[DONE]").collect()
}

fn openai_vectors() -> Vec<PathBuf> {
    let Some(root) = support::shared_vectors() else {
        return vec![];
    };
    let mut out = Vec::new();
    files(&root.join("openai-python"), ".bin", &mut out);
    out.retain(|p| std::fs::read(p).unwrap().starts_with(b"data:"));
    for pkg in ["openai", "openai-compatible", "deepseek", "alibaba", "moonshotai"] {
        files(&root.join("vercel-ai/packages").join(pkg), ".chunks.txt", &mut out);
    }
    out
}

fn anthropic_vectors() -> Vec<PathBuf> {
    let Some(root) = support::shared_vectors() else {
        return vec![];
    };
    let mut out = Vec::new();
    files(&root.join("anthropic-sdk-python"), ".txt", &mut out);
    files(&root.join("vercel-ai/packages/anthropic"), ".chunks.txt", &mut out);
    out
}

fn skip_without_vectors(found: usize) -> bool {
    if found == 0 {
        eprintln!("SKIP: ../shared/vectors is absent; these tests replay the recorded streams kept there");
    }
    found == 0
}

/// What must survive translation. A turn that called tools reports tool_use whatever the upstream said; tool ids
/// are compared as the client's dialect writes them (`tool_id`).
fn comparable(mut a: Accumulator, tool_id: fn(&str) -> String) -> Accumulator {
    for tool in a.tools.values_mut() {
        tool.0 = tool.0.as_deref().map(tool_id);
    }
    a.id = None;
    a.model = None;
    a.signature = None;
    if !a.tools.is_empty() && a.stop == Some(StopReason::EndTurn) {
        a.stop = Some(StopReason::ToolUse);
    }
    a.stop.get_or_insert(StopReason::EndTurn);
    a
}

#[test]
fn openai_streams_become_well_formed_anthropic_streams_with_the_same_content() {
    let vectors = openai_vectors();
    if skip_without_vectors(vectors.len()) {
        return;
    }
    for path in &vectors {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        for split in [usize::MAX, 1, 7] {
            let original: Vec<StreamChunk> =
                payloads(path, split).iter().flat_map(|d| openai_chat::parse_stream_chunk(d).unwrap()).collect();
            let mut encoder = anthropic_stream::Encoder::new("requested-model");
            let mut events: Vec<_> = original.iter().cloned().flat_map(|c| encoder.encode(c)).collect();
            events.extend(encoder.finish());
            check_anthropic_grammar(&name, &events);
            let mut decoder = anthropic_stream::Decoder::new();
            let back: Vec<StreamChunk> =
                events.iter().flat_map(|(_, d)| decoder.decode(&d.to_string()).unwrap()).collect();
            let mut want = comparable(accumulate(&original), ids::anthropic_tool_id);
            want.usage.reasoning_tokens = 0; // Anthropic counts reasoning inside output_tokens, with no field of its own
            assert_eq!(comparable(accumulate(&back), ids::anthropic_tool_id), want, "{name} split {split}");
        }
    }
}

#[test]
fn anthropic_streams_become_well_formed_openai_streams_with_the_same_content() {
    let vectors = anthropic_vectors();
    if skip_without_vectors(vectors.len()) {
        return;
    }
    assert!(vectors.len() >= 20, "expected the recorded Anthropic streams, found {}", vectors.len());
    for path in &vectors {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        for split in [usize::MAX, 3] {
            let data = payloads(path, split);
            let mut decoder = anthropic_stream::Decoder::new();
            let original: Vec<StreamChunk> = data.iter().flat_map(|d| decoder.decode(d).unwrap()).collect();
            assert!(decoder.finished, "{name}: no message_stop read");

            // An oracle independent of the decoder: the text deltas as written in the recording.
            let raw_text: String = data
                .iter()
                .filter_map(|d| serde_json::from_str::<Value>(d).ok())
                .filter(|v| v.pointer("/delta/type").and_then(Value::as_str) == Some("text_delta"))
                .map(|v| v["delta"]["text"].as_str().unwrap().to_owned())
                .collect();
            assert_eq!(accumulate(&original).text, raw_text, "{name}: decoded text");

            let mut encoder = openai_stream::Encoder::new("requested-model", 0, true);
            let mut wire: Vec<Value> = original.iter().cloned().flat_map(|c| encoder.encode(c)).collect();
            wire.extend(encoder.finish());
            check_openai_grammar(&name, &wire);
            let back: Vec<StreamChunk> =
                wire.iter().flat_map(|c| openai_chat::parse_stream_chunk(&c.to_string()).unwrap()).collect();
            let mut want = comparable(accumulate(&original), ids::openai_tool_id);
            let got = comparable(accumulate(&back), ids::openai_tool_id);
            want.usage.cache_write_tokens = 0; // OpenAI's usage has no field for cache writes
            assert_eq!(got, want, "{name} split {split}");
        }
    }
}
