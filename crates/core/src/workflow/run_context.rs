//! What a node sees while it runs (its scope, the run's inputs, the services it may call) and what it gives back.
//! The services are a trait so the engine never names `Core`: the facade implements it over the one door.

use serde_json::Value;
use tokio_util::sync::CancellationToken;

use super::document::Target;
use super::template::Scope;
use crate::error::Result;
use crate::ir::{ChatRequest, Usage};
use crate::origin::Origin;

#[async_trait::async_trait]
pub trait Services: Send + Sync {
    /// One streamed call through the one door; `on_delta` sees the text as it arrives. Cancelled with `cancel`.
    async fn llm(
        &self,
        call: LlmCall,
        on_delta: &(dyn Fn(String) + Send + Sync),
        cancel: &CancellationToken,
    ) -> Result<LlmAnswer>;
    fn http(&self) -> reqwest::Client;
    /// A workflow secret from the keychain, by the name an HTTP header gives.
    async fn secret(&self, name: &str) -> Result<String>;
}

pub struct LlmCall {
    pub target: Target,
    pub request: ChatRequest,
    pub origin: Origin,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LlmAnswer {
    pub text: String,
    pub usage: Usage,
    pub cost_usd_micros: i64,
    pub first_token_ms: Option<i64>,
    pub trace_id: String,
}

pub struct NodeCtx<'a> {
    pub node_id: &'a str,
    pub scope: &'a Scope,
    /// The run's inputs, by Start's field names.
    pub run_inputs: &'a Value,
    pub services: &'a dyn Services,
    pub origin: Origin,
    pub cancel: &'a CancellationToken,
    pub on_delta: &'a (dyn Fn(String) + Send + Sync),
    /// Every call the node made, kept even when the node then fails (an empty answer was still billed).
    pub calls: &'a std::sync::Mutex<Vec<LlmAnswer>>,
}

/// A node's run: what it read, what it gives, and which port it leaves by.
#[derive(Debug, Clone, PartialEq)]
pub struct Ran {
    pub inputs: Value,
    pub outputs: Value,
    /// A condition's branch; None leaves by `out`.
    pub port: Option<String>,
}

impl Ran {
    pub fn new(inputs: Value, outputs: Value) -> Self {
        Self { inputs, outputs, port: None }
    }
}
