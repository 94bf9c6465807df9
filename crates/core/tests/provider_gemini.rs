//! The native Gemini provider through the one door: against aimock speaking Gemini's wire format (streamed chat,
//! a whole answer, the context of a second turn), and against a capturing upstream for exactly what is sent.

mod support;

use support::capture::{Capture, Reply};
use support::{gateway_call, open_core, AiMock, AIMOCK_KEY};
use switchyard_core::chat::{ChatTarget, SendMessage};
use switchyard_core::ir::{ChatRequest, ContentBlock, ImageSource, Message, Role, SystemPart, Tool};
use switchyard_core::providers::registry::ProviderInput;
use switchyard_core::store::messages::MessageStatus;

fn gemini(base_url: &str, key: Option<&str>) -> ProviderInput {
    ProviderInput {
        id: None,
        name: "gemini".into(),
        preset: "custom_gemini".into(),
        base_url: base_url.into(),
        api_key: key.map(Into::into),
        extra_headers: vec![],
        default_model: Some("gemini-2.5-flash".into()),
    }
}

fn turn(conversation_id: &str, provider_id: &str, text: &str) -> SendMessage {
    SendMessage {
        request_id: switchyard_core::store::new_id(),
        conversation_id: conversation_id.into(),
        pane_id: "pane-1".into(),
        target: ChatTarget::Model { provider_id: provider_id.into(), model: "gemini-2.5-flash".into() },
        text: text.into(),
        cache: None,
        later: false,
        place: Default::default(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_streams_from_gemini_with_its_usage_and_a_second_turn_carries_the_first() {
    let mock = AiMock::start();
    let dir = tempfile::tempdir().unwrap();
    let core = open_core(dir.path()).await;
    let base = mock.base_url.replace("/v1", "/v1beta");
    let provider = core.save_provider(gemini(&base, Some(AIMOCK_KEY))).await.unwrap();
    let conversation = core.create_conversation(None).await.unwrap();

    let answer = core.send_message(turn(&conversation.id, &provider.id, "hello"), &|_| {}).await.unwrap();
    assert_eq!(answer.status, MessageStatus::Complete, "{:?}", answer.error);
    assert_eq!(answer.content, "Hello from aimock! How can I help you today?");
    assert!(answer.usage.input_tokens > 0 || answer.usage.output_tokens > 0, "{:?}", answer.usage);
    let second = core.send_message(turn(&conversation.id, &provider.id, "second question"), &|_| {}).await.unwrap();
    assert_eq!(second.content, "Second answer, with context.");

    let request = ChatRequest {
        model: "gemini-2.5-flash".into(),
        messages: vec![Message::text(Role::User, "hello")],
        ..Default::default()
    };
    let (whole, served) =
        core.complete(gateway_call(&format!("{}/gemini-2.5-flash", provider.name), &request)).await.unwrap();
    assert_eq!(whole.text(), "Hello from aimock! How can I help you today?");
    assert_eq!(served.wire, switchyard_core::ir::Wire::Gemini);
}

/// A streamed Gemini answer: two pieces of text, then the finish reason with the usage (thoughts counted as output).
fn gemini_stream(_: &support::capture::Captured) -> Reply {
    Reply::sse(
        "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Bon\"}]}}],\"modelVersion\":\"gemini-2.5-flash-001\",\"responseId\":\"r1\"}\n\n\
         data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"jour\"}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":9,\"candidatesTokenCount\":2,\"thoughtsTokenCount\":5,\"cachedContentTokenCount\":4}}\n\n",
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_is_sent_to_gemini_is_its_own_format_with_the_key_in_its_header() {
    let upstream = Capture::start(gemini_stream);
    let dir = tempfile::tempdir().unwrap();
    let core = open_core(dir.path()).await;
    let provider = core.save_provider(gemini(&upstream.base_url, Some("g-key"))).await.unwrap();
    let conversation = core.create_conversation(None).await.unwrap();
    let answer = core.send_message(turn(&conversation.id, &provider.id, "salut"), &|_| {}).await.unwrap();
    assert_eq!(answer.content, "Bonjour");
    assert_eq!(answer.model.as_deref(), Some("gemini-2.5-flash-001"), "the version that answered");
    assert_eq!((answer.usage.input_tokens, answer.usage.output_tokens), (9, 7));
    assert_eq!((answer.usage.reasoning_tokens, answer.usage.cache_read_tokens, answer.usage.estimated), (5, 4, false));

    let sent = upstream.last();
    assert!(sent.path.ends_with("/models/gemini-2.5-flash:streamGenerateContent?alt=sse"), "{}", sent.path);
    assert_eq!(sent.header("x-goog-api-key"), Some("g-key"));
    assert_eq!(sent.header("authorization"), None, "the key goes in Gemini's header only");
    assert_eq!(sent.body["contents"], serde_json::json!([{ "role": "user", "parts": [{ "text": "salut" }] }]));

    // A request with a system prompt, an image, a tool and its result, as a gateway client would send it.
    let request = ChatRequest {
        model: "gemini-2.5-flash".into(),
        system: vec![SystemPart { text: "Be brief.".into(), cache_control: None }],
        messages: vec![
            Message {
                role: Role::User,
                content: vec![
                    ContentBlock::Text { text: "What is this?".into() },
                    ContentBlock::Image {
                        media_type: Some("image/jpeg".into()),
                        source: ImageSource::Base64 { data: "AAAA".into() },
                    },
                ],
            },
            Message {
                role: Role::Assistant,
                content: vec![ContentBlock::ToolUse {
                    id: "t1".into(),
                    name: "lookup".into(),
                    input: serde_json::json!({ "q": "cat" }),
                }],
            },
            Message {
                role: Role::User,
                content: vec![ContentBlock::ToolResult {
                    tool_use_id: "t1".into(),
                    content: "a cat".into(),
                    is_error: false,
                }],
            },
        ],
        tools: vec![Tool {
            name: "lookup".into(),
            description: Some("Looks things up".into()),
            input_schema: serde_json::json!({ "type": "object" }),
            strict: None,
        }],
        temperature: Some(0.2),
        max_tokens: Some(64),
        stream: true,
        ..Default::default()
    };
    let (mut stream, _) =
        core.stream(gateway_call(&format!("{}/gemini-2.5-flash", provider.name), &request)).await.unwrap();
    while futures::StreamExt::next(&mut stream).await.is_some() {}
    let body = upstream.last().body;
    assert_eq!(body["systemInstruction"], serde_json::json!({ "parts": [{ "text": "Be brief." }] }));
    assert_eq!(
        body["contents"][0]["parts"][1],
        serde_json::json!({ "inlineData": { "mimeType": "image/jpeg", "data": "AAAA" } })
    );
    assert_eq!(body["contents"][1]["role"], "model");
    assert_eq!(
        body["contents"][1]["parts"][0]["functionCall"],
        serde_json::json!({ "name": "lookup", "args": { "q": "cat" } })
    );
    assert_eq!(
        body["contents"][2]["parts"][0]["functionResponse"],
        serde_json::json!({ "name": "lookup", "response": { "content": "a cat" } }),
        "a result names the tool it answers"
    );
    assert_eq!(body["tools"][0]["functionDeclarations"][0]["name"], "lookup");
    assert_eq!(body["generationConfig"], serde_json::json!({ "temperature": 0.2, "maxOutputTokens": 64 }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_model_list_comes_from_gemini_s_own_endpoint() {
    let upstream = Capture::start(|_| {
        Reply::json(r#"{"models":[{"name":"models/gemini-2.5-pro"},{"name":"models/gemini-2.5-flash"}]}"#)
    });
    let dir = tempfile::tempdir().unwrap();
    let core = open_core(dir.path()).await;
    let provider = core.save_provider(gemini(&upstream.base_url, Some("g-key"))).await.unwrap();
    assert_eq!(core.refresh_models(&provider.id).await.unwrap(), ["gemini-2.5-flash", "gemini-2.5-pro"]);
    let asked = upstream.last();
    assert!(asked.path.ends_with("/models"), "{}", asked.path);
    assert_eq!(asked.header("x-goog-api-key"), Some("g-key"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gemini_preset_needs_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let core = open_core(dir.path()).await;
    let mut input = gemini("https://generativelanguage.googleapis.com/v1beta", None);
    input.preset = "gemini".into();
    let provider = core.save_provider(input).await.unwrap();
    let conversation = core.create_conversation(None).await.unwrap();
    let e = core.send_message(turn(&conversation.id, &provider.id, "hi"), &|_| {}).await.unwrap_err();
    assert_eq!(e.code, "api_key_missing");
}
