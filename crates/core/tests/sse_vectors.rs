//! Recorded real OpenAI streams (../shared/vectors/openai-python): whatever the read sizes, the same text and usage.

mod support;

use std::time::Duration;

use futures::StreamExt;
use switchyard_core::ir::{ChatRequest, Message, Role, StopReason, StreamChunk, Usage};
use switchyard_core::providers::http::Endpoint;
use switchyard_core::providers::openai_compat::OpenAiCompat;
use switchyard_core::providers::{Deadlines, Provider};
use switchyard_core::translate::openai_chat::parse_stream_chunk;
use switchyard_core::translate::sse::SseParser;

#[derive(Debug, Default, PartialEq)]
struct Outcome {
    text: String,
    tool_arguments: String,
    usage: Option<Usage>,
    stop: Option<StopReason>,
}

impl Outcome {
    fn add(&mut self, chunk: StreamChunk) {
        match chunk {
            StreamChunk::TextDelta(t) => self.text.push_str(&t),
            StreamChunk::ToolCallDelta { arguments, .. } => self.tool_arguments.push_str(&arguments),
            StreamChunk::Usage(u) => self.usage = Some(u),
            StreamChunk::Stop(r) => self.stop = Some(r),
            _ => {}
        }
    }
}

fn vectors() -> Option<Vec<(String, Vec<u8>)>> {
    let Some(dir) = support::shared_vectors() else {
        eprintln!("SKIP: ../shared/vectors is absent; these tests replay the recorded streams kept there");
        return None;
    };
    let mut files: Vec<_> = std::fs::read_dir(dir.join("openai-python"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "bin"))
        .collect();
    files.sort();
    let streams: Vec<_> = files
        .into_iter()
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        // Some recordings are non-streamed JSON bodies; the SSE ones start with `data:`.
        .filter(|(_, bytes)| bytes.starts_with(b"data:"))
        .collect();
    let with_content = streams.iter().filter(|(_, b)| {
        let o = parse(b, &[b.len()]);
        !o.text.is_empty() || !o.tool_arguments.is_empty()
    });
    assert!(with_content.count() >= 20, "most recordings carry text or tool arguments");
    assert!(streams.len() >= 20, "expected the recorded OpenAI streams, found {}", streams.len());
    Some(streams)
}

fn parse(bytes: &[u8], sizes: &[usize]) -> Outcome {
    let mut parser = SseParser::new();
    let mut out = Outcome::default();
    let mut events = Vec::new();
    let mut rest = bytes;
    let mut i = 0;
    while !rest.is_empty() {
        let n = sizes[i % sizes.len()].clamp(1, rest.len());
        events.extend(parser.feed(&rest[..n]));
        rest = &rest[n..];
        i += 1;
    }
    events.extend(parser.finish());
    for event in events {
        if event.data == "[DONE]" {
            break;
        }
        for chunk in parse_stream_chunk(&event.data).unwrap() {
            out.add(chunk);
        }
    }
    out
}

#[test]
fn split_into_one_to_seven_byte_reads_gives_the_same_text_and_usage() {
    let Some(streams) = vectors() else { return };
    let splits: [&[usize]; 4] = [&[1], &[7], &[1, 2, 3, 4, 5, 6, 7], &[3, 1, 7, 2, 5]];
    for (name, bytes) in &streams {
        let whole = parse(bytes, &[bytes.len()]);
        assert!(whole.stop.is_some(), "{name}: every recording ends with a finish_reason, none parsed");
        for sizes in splits {
            assert_eq!(parse(bytes, sizes), whole, "{name} split as {sizes:?}");
        }
    }
}

#[test]
fn recordings_with_include_usage_report_it() {
    let Some(streams) = vectors() else { return };
    let with_usage =
        streams.iter().filter(|(_, b)| std::str::from_utf8(b).is_ok_and(|s| s.contains("\"usage\":{"))).count();
    let parsed_usage =
        streams.iter().filter(|(_, b)| parse(b, &[5]).usage.is_some_and(|u| u.output_tokens > 0)).count();
    assert!(with_usage > 0);
    assert_eq!(parsed_usage, with_usage);
}

/// The provider itself, fed each recording by an upstream that writes it in tiny pieces.
#[tokio::test]
async fn the_provider_reads_recordings_written_in_tiny_pieces() {
    let Some(streams) = vectors() else { return };
    for (name, bytes) in streams.iter().take(12) {
        let whole = parse(bytes, &[bytes.len()]);
        let served = support::raw_upstream::serve_in_pieces(bytes.clone(), vec![1, 3, 7, 2, 5], Duration::ZERO);
        let endpoint = Endpoint { base_url: served.base_url.clone(), api_key: None, extra_headers: vec![] };
        let p = OpenAiCompat::new(reqwest::Client::new(), endpoint, Deadlines::default()).unwrap();
        let request = ChatRequest {
            model: "gpt-4o".into(),
            messages: vec![Message::text(Role::User, "x")],
            ..Default::default()
        };
        let mut stream = p.stream(&request).await.unwrap();
        let mut got = Outcome::default();
        while let Some(chunk) = stream.next().await {
            got.add(chunk.unwrap_or_else(|e| panic!("{name}: {e}")));
        }
        assert_eq!(got, whole, "{name}");
    }
}
