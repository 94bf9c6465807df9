//! Any sequence of upstream stream events, decoded and re-encoded into the other dialect: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use switchyard_core::translate::{anthropic_stream, openai_chat, openai_stream};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut decoder = anthropic_stream::Decoder::new();
    let mut to_openai = openai_stream::Encoder::new("m", 0, true);
    let mut to_anthropic = anthropic_stream::Encoder::new("m");
    for line in text.lines() {
        for chunk in decoder.decode(line).unwrap_or_default() {
            to_openai.encode(chunk);
        }
        for chunk in openai_chat::parse_stream_chunk(line).unwrap_or_default() {
            to_anthropic.encode(chunk);
        }
    }
    to_openai.finish();
    to_anthropic.finish();
});
