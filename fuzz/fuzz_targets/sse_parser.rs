//! Any bytes, split anywhere: the SSE parser never panics and the split never changes the events.
#![no_main]

use libfuzzer_sys::fuzz_target;
use switchyard_core::translate::sse::SseParser;

fuzz_target!(|data: &[u8]| {
    let Some((&split, bytes)) = data.split_first() else { return };
    let mut whole = SseParser::new();
    let mut expected = whole.feed(bytes);
    expected.extend(whole.finish());
    let mut pieces = SseParser::new();
    let mut got = Vec::new();
    for chunk in bytes.chunks(split as usize % 9 + 1) {
        got.extend(pieces.feed(chunk));
    }
    got.extend(pieces.finish());
    assert_eq!(got, expected);
});
