//! Wire formats <-> IR.
pub mod anthropic_messages;
pub mod anthropic_stream;
pub mod fields;
pub mod gemini;
pub mod ids;
pub mod openai_chat;
pub mod openai_stream;
pub mod passthrough;
pub mod sse;
