//! Any JSON body from an OpenAI or Anthropic client: parsing never panics, and what parses writes back to a body
//! that parses again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use switchyard_core::translate::{anthropic_messages, openai_chat};

fuzz_target!(|data: &[u8]| {
    let Ok(body) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    if let Ok(ir) = openai_chat::parse_request(&body) {
        assert!(openai_chat::parse_request(&openai_chat::request_body(&ir, ir.stream)).is_ok());
        let _ = anthropic_messages::request_body(&ir);
    }
    if let Ok(ir) = anthropic_messages::parse_request(&body) {
        assert!(anthropic_messages::parse_request(&anthropic_messages::request_body(&ir)).is_ok());
        let _ = openai_chat::request_body(&ir, true);
    }
});
