//! Wire formats <-> IR.
pub mod openai_chat;
pub mod sse;
