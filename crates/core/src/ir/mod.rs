//! The normalised model every wire format maps to and from.

pub mod accumulate;
pub mod original;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use original::Original;

/// The API dialect a provider speaks, and a gateway client talks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Wire {
    OpenAi,
    Anthropic,
    /// Google's Gemini API: an upstream only (no client speaks it to the gateway).
    Gemini,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    System,
    User,
    Assistant,
    Tool,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::System => "system",
            Role::User => "user",
            Role::Assistant => "assistant",
            Role::Tool => "tool",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "system" => Role::System,
            "user" => Role::User,
            "assistant" => Role::Assistant,
            "tool" => Role::Tool,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ContentBlock {
    Text { text: String },
    Image { media_type: Option<String>, source: ImageSource },
    ToolUse { id: String, name: String, input: serde_json::Value },
    ToolResult { tool_use_id: String, content: String, is_error: bool },
    Thinking { text: String, signature: Option<String> },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ImageSource {
    Url { url: String },
    Base64 { data: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Message {
    pub role: Role,
    pub content: Vec<ContentBlock>,
}

impl Message {
    pub fn text(role: Role, text: impl Into<String>) -> Self {
        Self { role, content: vec![ContentBlock::Text { text: text.into() }] }
    }
}

/// A system prompt part. `cache_control` is kept as given and sent only to targets that understand it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemPart {
    pub text: String,
    pub cache_control: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub description: Option<String>,
    /// JSON Schema of the tool's input.
    pub input_schema: serde_json::Value,
    /// The model's arguments must follow the schema exactly (OpenAI `function.strict`, Anthropic `strict`).
    #[serde(default)]
    pub strict: Option<bool>,
}

/// How hard a reasoning model should think (OpenAI `reasoning_effort`, Anthropic `output_config.effort`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effort {
    Minimal,
    Low,
    Medium,
    High,
    Xhigh,
    Max,
}

impl Effort {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "minimal" => Effort::Minimal,
            "low" => Effort::Low,
            "medium" => Effort::Medium,
            "high" => Effort::High,
            "xhigh" => Effort::Xhigh,
            "max" => Effort::Max,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Effort::Minimal => "minimal",
            Effort::Low => "low",
            Effort::Medium => "medium",
            Effort::High => "high",
            Effort::Xhigh => "xhigh",
            Effort::Max => "max",
        }
    }
}

/// Reasoning the caller asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reasoning {
    /// No reasoning (OpenAI `reasoning_effort: none`, Anthropic `thinking.type: disabled`).
    Off,
    /// A level of effort (OpenAI `reasoning_effort`, Anthropic `output_config.effort` or adaptive thinking).
    Effort(Effort),
    /// A budget of thinking tokens (Anthropic `thinking.budget_tokens`).
    Budget(u32),
}

/// The shape the answer must take (OpenAI `response_format`, Anthropic `output_config.format`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ResponseFormat {
    Text,
    /// Any JSON object (OpenAI `json_object`); Anthropic has no such mode.
    JsonObject,
    JsonSchema {
        name: Option<String>,
        schema: serde_json::Value,
        strict: Option<bool>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ToolChoice {
    Auto,
    /// The model must call some tool (OpenAI `required`, Anthropic `any`).
    Any,
    None,
    Tool {
        name: String,
    },
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ChatRequest {
    pub model: String,
    pub system: Vec<SystemPart>,
    pub messages: Vec<Message>,
    pub tools: Vec<Tool>,
    pub tool_choice: Option<ToolChoice>,
    pub max_tokens: Option<u32>,
    /// f64, so a client's 0.2 is sent as 0.2 (an f32 round trip made it 0.20000000298023224).
    pub temperature: Option<f64>,
    pub top_p: Option<f64>,
    pub stop_sequences: Vec<String>,
    /// End-user id for the provider's abuse monitoring (OpenAI `user`, Anthropic `metadata.user_id`).
    pub user: Option<String>,
    pub stream: bool,
    /// How many answers to write (OpenAI `n`); Anthropic writes one.
    #[serde(default)]
    pub n: Option<u32>,
    #[serde(default)]
    pub response_format: Option<ResponseFormat>,
    #[serde(default)]
    pub reasoning: Option<Reasoning>,
    /// False forbids several tool calls in one turn (OpenAI `parallel_tool_calls`, Anthropic
    /// `tool_choice.disable_parallel_tool_use`).
    #[serde(default)]
    pub parallel_tool_calls: Option<bool>,
    /// The gateway caller's own request, forwarded as it came to an upstream of the same dialect.
    #[serde(skip)]
    pub original: Option<Arc<Original>>,
    /// Sent upstream as `Idempotency-Key`: the queue's item id, the same for every attempt at one chat turn.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Token counts. `input_tokens` counts every prompt token, cached ones included (as OpenAI reports it); the cached
/// ones are counted again in their own fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
pub struct Usage {
    pub input_tokens: u32,
    pub output_tokens: u32,
    pub cache_read_tokens: u32,
    pub cache_write_tokens: u32,
    pub reasoning_tokens: u32,
    /// True when the upstream reported no tokens and Switchyard counted them itself (tiktoken o200k_base).
    #[serde(default)]
    pub estimated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    EndTurn,
    MaxTokens,
    ToolUse,
    StopSequence,
    ContentFilter,
}

/// One normalised piece of a streamed answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum StreamChunk {
    /// The upstream's id and the model that actually answered.
    Start {
        id: Option<String>,
        model: Option<String>,
    },
    TextDelta(String),
    ThinkingDelta(String),
    ToolCallDelta {
        index: u32,
        id: Option<String>,
        name: Option<String>,
        arguments: String,
    },
    /// The signature that closes a thinking block (Anthropic), passed through untouched.
    ThinkingSignature(String),
    Usage(Usage),
    Stop(StopReason),
    /// One upstream event as it arrived (SSE framing included), for a caller of the upstream's own dialect. The
    /// chunks read from it follow it, for the ledger; they are not content to write a second time.
    Raw(String),
}

impl StreamChunk {
    /// Whether the chunk is part of the answer itself (not metadata, usage, or a forwarded event).
    pub fn is_content(&self) -> bool {
        matches!(
            self,
            StreamChunk::TextDelta(_)
                | StreamChunk::ThinkingDelta(_)
                | StreamChunk::ToolCallDelta { .. }
                | StreamChunk::ThinkingSignature(_)
                | StreamChunk::Stop(_)
        )
    }
}

/// A whole (non-streamed) answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatResponse {
    pub id: Option<String>,
    pub model: Option<String>,
    pub content: Vec<ContentBlock>,
    pub stop_reason: Option<StopReason>,
    pub usage: Usage,
    /// The upstream's body as it arrived, for a caller of the upstream's own dialect.
    #[serde(skip)]
    pub raw: Option<String>,
}

impl ChatResponse {
    pub fn text(&self) -> String {
        self.content
            .iter()
            .filter_map(|b| match b {
                ContentBlock::Text { text } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }
}
