//! Wraps any provider so callers never see zero tokens because the upstream was silent about them: missing usage
//! is counted with tiktoken and marked `estimated`. Reported numbers are never replaced.

use futures::StreamExt;

use super::{ChunkStream, Provider};
use crate::cost::tokens::{count_request, count_text, TextTally};
use crate::error::Result;
use crate::ir::{ChatRequest, ChatResponse, ContentBlock, StreamChunk, Usage, Wire};

pub struct Estimating(pub Box<dyn Provider>);

fn estimate(input: u32, output_text: &str) -> Usage {
    Usage { input_tokens: input, output_tokens: count_text(output_text), estimated: true, ..Default::default() }
}

/// Everything the model wrote, tool calls and their arguments included (they are output tokens too).
fn written(answer: &ChatResponse) -> String {
    let mut text = String::new();
    for block in &answer.content {
        match block {
            ContentBlock::Text { text: t } | ContentBlock::Thinking { text: t, .. } => text.push_str(t),
            ContentBlock::ToolUse { name, input, .. } => {
                text.push_str(name);
                text.push_str(&input.to_string());
            }
            ContentBlock::Image { .. } | ContentBlock::ToolResult { .. } => {}
        }
    }
    text
}

fn rough_count(request: &ChatRequest) -> u32 {
    serde_json::to_vec(&request.messages).map(|b| b.len() as u32 / 4).unwrap_or(0)
        + request.system.iter().map(|p| p.text.len() as u32 / 4).sum::<u32>()
}

fn is_missing(u: &Usage) -> bool {
    u.input_tokens == 0 && u.output_tokens == 0
}

#[async_trait::async_trait]
impl Provider for Estimating {
    fn wire(&self) -> Wire {
        self.0.wire()
    }

    async fn complete(&self, request: &ChatRequest) -> Result<ChatResponse> {
        let mut answer = self.0.complete(request).await?;
        if is_missing(&answer.usage) {
            answer.usage = estimate(count_request(request), &written(&answer));
        }
        Ok(answer)
    }

    async fn stream(&self, request: &ChatRequest) -> Result<ChunkStream> {
        let upstream = self.0.stream(request).await?;
        // Early, a cheap guess (about four bytes a token); the tokenizer runs only if the upstream never reports.
        let input = rough_count(request);
        let request = request.clone();
        struct State {
            upstream: ChunkStream,
            input: u32,
            text: TextTally,
            reported: Option<Usage>,
            early: Option<StreamChunk>,
            done: bool,
            request: ChatRequest,
        }
        let text = TextTally::default();
        let state = State { upstream, input, text, reported: None, early: None, done: false, request };
        Ok(futures::stream::unfold(state, |mut st| async move {
            if let Some(early) = st.early.take() {
                return Some((Ok(early), st));
            }
            if st.done {
                return None;
            }
            match st.upstream.next().await {
                Some(Ok(chunk)) => {
                    match &chunk {
                        // The prompt's size is known before the answer: say so early (Anthropic clients read usage
                        // from message_start); the upstream's own numbers replace it whenever they arrive.
                        StreamChunk::Start { .. } if st.reported.is_none() => {
                            st.early = Some(StreamChunk::Usage(Usage {
                                input_tokens: st.input,
                                estimated: true,
                                ..Default::default()
                            }));
                        }
                        StreamChunk::Usage(u) if !u.estimated => st.reported = Some(*u),
                        other => st.text.see(other),
                    }
                    Some((Ok(chunk), st))
                }
                Some(Err(e)) => {
                    st.done = true;
                    Some((Err(e), st))
                }
                None => {
                    st.done = true;
                    match st.reported {
                        Some(u) if !is_missing(&u) => None,
                        _ => {
                            let counted = Usage {
                                input_tokens: count_request(&st.request),
                                output_tokens: st.text.tokens(),
                                estimated: true,
                                ..Default::default()
                            };
                            Some((Ok(StreamChunk::Usage(counted)), st))
                        }
                    }
                }
            }
        })
        // Fused: a caller that polls again after the end gets the end again, never a panic.
        .fuse()
        .boxed())
    }

    async fn list_models(&self) -> Result<Vec<String>> {
        self.0.list_models().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Message, Role};

    struct Silent(ChatResponse);

    #[async_trait::async_trait]
    impl Provider for Silent {
        fn wire(&self) -> Wire {
            Wire::OpenAi
        }
        async fn complete(&self, _: &ChatRequest) -> Result<ChatResponse> {
            Ok(self.0.clone())
        }
        async fn stream(&self, _: &ChatRequest) -> Result<ChunkStream> {
            let chunks = vec![
                Ok(StreamChunk::Start { id: None, model: None }),
                Ok(StreamChunk::ToolCallDelta {
                    index: 0,
                    id: Some("c".into()),
                    name: Some("lookup_weather".into()),
                    arguments: r#"{"city":"Paris","days":3}"#.into(),
                }),
            ];
            Ok(futures::stream::iter(chunks).boxed())
        }
        async fn list_models(&self) -> Result<Vec<String>> {
            Ok(vec![])
        }
    }

    fn tool_call_only() -> ChatResponse {
        ChatResponse {
            id: None,
            model: None,
            content: vec![ContentBlock::ToolUse {
                id: "c".into(),
                name: "lookup_weather".into(),
                input: serde_json::json!({"city": "Paris", "days": 3}),
            }],
            stop_reason: None,
            usage: Usage::default(),
            raw: None,
        }
    }

    #[tokio::test]
    async fn an_answer_that_only_calls_tools_still_counts_output_tokens() {
        let request = ChatRequest { messages: vec![Message::text(Role::User, "weather?")], ..Default::default() };
        let provider = Estimating(Box::new(Silent(tool_call_only())));
        let whole = provider.complete(&request).await.unwrap().usage;
        assert!(whole.estimated && whole.output_tokens >= 8, "{whole:?}");
        let mut stream = provider.stream(&request).await.unwrap();
        let mut last = None;
        while let Some(chunk) = stream.next().await {
            if let Ok(StreamChunk::Usage(u)) = chunk {
                last = Some(u);
            }
        }
        let streamed = last.expect("an estimate at the end");
        assert!(streamed.estimated && streamed.output_tokens >= 8, "{streamed:?}");
        assert!(stream.next().await.is_none(), "an ended stream stays ended");
    }
}
