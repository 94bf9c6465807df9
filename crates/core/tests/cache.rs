//! The response cache through the one door: exact keys (no wrong hit), policy and directives, whole and streamed
//! replays of one entry, restarts, savings in the ledger, and what is never kept.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures::StreamExt;
use serde_json::{json, Value};
use support::capture::{Capture, Captured, Reply};
use switchyard_core::ir::accumulate::Accumulator;
use switchyard_core::ir::{
    ChatRequest, ContentBlock, Effort, ImageSource, Message, Original, Reasoning, ResponseFormat, Role, StopReason,
    SystemPart, Tool, ToolChoice, Wire,
};
use switchyard_core::router::execute::Served;
use switchyard_core::router::route::{Route, RouteTarget, Strategy};
use switchyard_core::store::ledger::CallStatus;
use switchyard_core::{CacheClear, CacheDirective, CachePolicy, CacheUse, Call, Core, Destination, Origin};

const MODEL: &str = "m";

/// Answers with a text numbered by how many calls it had ("answer 1", "answer 2", …), so an answer from the cache
/// is told apart from a new one. A prompt containing "fail" gets a 500, "cut" stops at max tokens, "tool" ends in
/// a tool call, "slow" waits 300 ms, "truncated" streams its first chunk and closes.
fn upstream() -> Capture {
    let calls = Arc::new(AtomicUsize::new(0));
    Capture::start(move |req: &Captured| {
        let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
        let prompt = req.body["messages"].to_string();
        if prompt.contains("slow") {
            std::thread::sleep(Duration::from_millis(300));
        }
        if prompt.contains("fail") {
            return Reply {
                status: 500,
                content_type: "application/json",
                body: r#"{"error":{"message":"down"}}"#.into(),
            };
        }
        let (delta, message, finish) = if prompt.contains("tool") {
            let call = json!([{"index":0,"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{\"q\":1}"}}]);
            (
                json!({"role":"assistant","tool_calls":call}),
                json!({"role":"assistant","content":null,"tool_calls":call}),
                "tool_calls",
            )
        } else {
            let text = format!("answer {n}");
            let finish = if prompt.contains("cut") { "length" } else { "stop" };
            (json!({"role":"assistant","content":text}), json!({"role":"assistant","content":text}), finish)
        };
        let usage = json!({"prompt_tokens":1,"completion_tokens":1000,"total_tokens":1001});
        match req.body["stream"] == true {
            true => {
                let first = json!({"id":"c","object":"chat.completion.chunk","created":1,"model":MODEL,"choices":[{"index":0,"delta":delta,"finish_reason":null}]});
                let last = json!({"id":"c","object":"chat.completion.chunk","created":1,"model":MODEL,"choices":[{"index":0,"delta":{},"finish_reason":finish}],"usage":usage});
                match prompt.contains("truncated") {
                    true => Reply::sse(format!("data: {first}\n\n")),
                    false => Reply::sse(format!("data: {first}\n\ndata: {last}\n\ndata: [DONE]\n\n")),
                }
            }
            false => Reply::json(
                json!({"id":"c","object":"chat.completion","created":1,"model":MODEL,"choices":[{"index":0,"message":message,"finish_reason":finish}],"usage":usage})
                    .to_string(),
            ),
        }
    })
}

struct World {
    _dir: tempfile::TempDir,
    core: Arc<Core>,
    upstream: Capture,
    provider_id: String,
}

impl World {
    async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let upstream = upstream();
        let core = Arc::new(support::open_core(dir.path()).await);
        let provider_id = support::priced::priced_provider(&core, &upstream, "up", MODEL).await;
        World { _dir: dir, core, upstream, provider_id }
    }

    fn calls(&self) -> usize {
        self.upstream.requests().len()
    }

    async fn policy(&self, policy: CachePolicy) {
        let mut s = self.core.get_settings().await.unwrap();
        s.cache_policy = policy;
        self.core.update_settings(s).await.unwrap();
    }

    async fn whole(&self, call: Call) -> (String, Served) {
        let (answer, served) = self.core.complete(call).await.unwrap();
        (answer.text(), served)
    }

    async fn streamed(&self, call: Call) -> (String, Served, Accumulator) {
        let (mut stream, served) = self.core.stream(call).await.unwrap();
        let mut acc = Accumulator::default();
        while let Some(chunk) = stream.next().await {
            acc.push(&chunk.unwrap());
        }
        (acc.text.clone(), served, acc)
    }
}

fn ask(text: &str) -> ChatRequest {
    ChatRequest {
        model: MODEL.into(),
        messages: vec![Message::text(Role::User, text)],
        temperature: Some(0.0),
        ..Default::default()
    }
}

fn call(request: &ChatRequest) -> Call {
    support::gateway_call(MODEL, request)
}

fn support_pane() -> Origin {
    Origin::Pane { pane_id: "p".into(), conversation_id: "c".into(), message_id: "m".into() }
}

fn with(request: &ChatRequest, cache: CacheDirective) -> Call {
    Call { cache, ..call(request) }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_entry_answers_a_repeated_request_whole_and_streamed() {
    let w = World::new().await;
    let (first, served) = w.whole(call(&ask("hello"))).await;
    assert_eq!((first.as_str(), served.cache, served.attempts), ("answer 1", CacheUse::Miss, 1));

    let (again, served) = w.whole(call(&ask("hello"))).await;
    assert_eq!((again.as_str(), served.cache, served.attempts), ("answer 1", CacheUse::Hit, 0));
    assert_eq!(served.provider.id, w.provider_id);
    assert_eq!(served.model, MODEL);

    let streamed = ChatRequest { stream: true, ..ask("hello") };
    let (text, served, acc) = w.streamed(call(&streamed)).await;
    assert_eq!((text.as_str(), served.cache), ("answer 1", CacheUse::Hit));
    assert_eq!(acc.stop, Some(StopReason::EndTurn));
    assert_eq!((acc.usage.input_tokens, acc.usage.output_tokens), (1, 1000), "usage is replayed with the answer");
    assert_eq!(w.calls(), 1, "both repeats were answered without the provider");

    // A streamed answer is kept too, and answers a whole request.
    let (text, served, _) = w.streamed(call(&ChatRequest { stream: true, ..ask("other") })).await;
    assert_eq!((text.as_str(), served.cache), ("answer 2", CacheUse::Miss));
    let (text, served) = w.whole(call(&ask("other"))).await;
    assert_eq!((text.as_str(), served.cache), ("answer 2", CacheUse::Hit));
    assert_eq!(w.calls(), 2);
}

fn image(data: &str) -> ContentBlock {
    ContentBlock::Image { media_type: Some("image/png".into()), source: ImageSource::Base64 { data: data.into() } }
}

/// Every field the key lists, set, so each variant changes one from a non-default value.
fn rich() -> ChatRequest {
    ChatRequest {
        model: MODEL.into(),
        system: vec![SystemPart { text: "Be brief.".into(), cache_control: None }],
        messages: vec![Message {
            role: Role::User,
            content: vec![ContentBlock::Text { text: "look".into() }, image("AAAA")],
        }],
        tools: vec![Tool {
            name: "lookup".into(),
            description: Some("Finds things.".into()),
            input_schema: json!({"type":"object","properties":{"q":{"type":"string"}}}),
            strict: None,
        }],
        tool_choice: Some(ToolChoice::Auto),
        max_tokens: Some(100),
        temperature: Some(0.0),
        top_p: Some(0.9),
        stop_sequences: vec!["END".into()],
        n: Some(1),
        response_format: Some(ResponseFormat::Text),
        reasoning: Some(Reasoning::Effort(Effort::Low)),
        parallel_tool_calls: Some(true),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_that_differs_in_anything_that_can_change_the_answer_misses() {
    let w = World::new().await;
    w.policy(CachePolicy::Always).await;
    let base = rich();
    assert_eq!(w.whole(call(&base)).await.1.cache, CacheUse::Miss);
    assert_eq!(w.whole(call(&base)).await.1.cache, CacheUse::Hit);

    let variants: Vec<(&str, ChatRequest)> = vec![
        (
            "system prompt",
            ChatRequest { system: vec![SystemPart { text: "Be long.".into(), cache_control: None }], ..rich() },
        ),
        (
            "message text",
            ChatRequest {
                messages: vec![Message {
                    role: Role::User,
                    content: vec![ContentBlock::Text { text: "look!".into() }, image("AAAA")],
                }],
                ..rich()
            },
        ),
        (
            "image",
            ChatRequest {
                messages: vec![Message {
                    role: Role::User,
                    content: vec![ContentBlock::Text { text: "look".into() }, image("BBBB")],
                }],
                ..rich()
            },
        ),
        (
            "role",
            ChatRequest {
                messages: vec![Message { role: Role::Assistant, content: rich().messages[0].content.clone() }],
                ..rich()
            },
        ),
        ("tools", ChatRequest { tools: vec![Tool { name: "find".into(), ..rich().tools[0].clone() }], ..rich() }),
        (
            "tool schema",
            ChatRequest {
                tools: vec![Tool { input_schema: json!({"type":"object"}), ..rich().tools[0].clone() }],
                ..rich()
            },
        ),
        ("tool_choice", ChatRequest { tool_choice: Some(ToolChoice::Tool { name: "lookup".into() }), ..rich() }),
        ("max tokens", ChatRequest { max_tokens: Some(101), ..rich() }),
        ("temperature", ChatRequest { temperature: Some(0.7), ..rich() }),
        ("top_p", ChatRequest { top_p: Some(0.8), ..rich() }),
        ("stop", ChatRequest { stop_sequences: vec!["STOP".into()], ..rich() }),
        ("response_format", ChatRequest { response_format: Some(ResponseFormat::JsonObject), ..rich() }),
        ("reasoning effort", ChatRequest { reasoning: Some(Reasoning::Effort(Effort::High)), ..rich() }),
        ("reasoning off", ChatRequest { reasoning: Some(Reasoning::Off), ..rich() }),
        ("parallel tool calls", ChatRequest { parallel_tool_calls: Some(false), ..rich() }),
    ];
    for (field, variant) in &variants {
        let (_, served) = w.whole(call(variant)).await;
        assert_eq!(served.cache, CacheUse::Miss, "a different {field} must not hit");
    }
    assert_eq!(w.calls(), 1 + variants.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_that_differs_only_in_what_cannot_change_the_answer_hits() {
    let w = World::new().await;
    let base = rich();
    w.whole(call(&base)).await;
    let alias = Route {
        name: "alias".into(),
        strategy: Strategy::Priority,
        targets: vec![RouteTarget { provider_id: w.provider_id.clone(), model: MODEL.into(), weight: 1 }],
        strict: false,
        cache: None,
        cache_tool_calls: false,
    };
    w.core.save_route(alias).await.unwrap();
    let other_key = Origin::Gateway { key_id: "k-other".into(), key_name: "other".into() };
    let ignorable: Vec<(&str, Call)> = vec![
        ("user", call(&ChatRequest { user: Some("someone".into()), ..rich() })),
        ("model name (a route to the same target)", support::gateway_call("alias", &base)),
        ("access key", Call::new(Destination::Named(MODEL.into()), base.clone(), other_key)),
        (
            "system cache_control",
            call(&ChatRequest {
                system: vec![SystemPart { text: "Be brief.".into(), cache_control: Some(json!({"type":"ephemeral"})) }],
                ..rich()
            }),
        ),
    ];
    for (field, c) in ignorable {
        let (text, served) = w.whole(c).await;
        assert_eq!((text.as_str(), served.cache), ("answer 1", CacheUse::Hit), "a different {field} must hit");
    }
    assert_eq!(w.calls(), 1);
}

/// A gateway request: the IR parsed from `body`, with the body kept as it came.
fn gateway(body: &str) -> ChatRequest {
    let parsed: Value = serde_json::from_str(body).unwrap();
    let mut request = switchyard_core::translate::openai_chat::parse_request(&parsed).unwrap();
    request.original = Some(Arc::new(Original {
        dialect: Wire::OpenAi,
        body: Bytes::from(body.to_owned()),
        beta: None,
        include_usage: false,
        lost_crossing: vec![],
        strict: false,
        seeded: parsed.get("seed").is_some(),
    }));
    request
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_body_is_keyed_whole_except_who_asks_and_how_it_streams() {
    let w = World::new().await;
    let body = r#"{"model":"m","messages":[{"role":"user","content":"hi"}],"seed":7,"frequency_penalty":0.5}"#;
    let (_, served) = w.whole(call(&gateway(body))).await;
    assert_eq!(served.cache, CacheUse::Miss, "a seed makes the request deterministic: looked up, and kept");

    let same = [
        r#"{ "frequency_penalty": 0.5, "seed": 7, "messages": [ {"content": "hi", "role": "user"} ], "model": "m" }"#,
        r#"{"model":"m","messages":[{"role":"user","content":"hi"}],"seed":7,"frequency_penalty":0.5,"user":"u1","metadata":{"run":"x"}}"#,
        r#"{"model":"m","messages":[{"role":"user","content":"hi"}],"seed":7,"frequency_penalty":0.5,"stream_options":{"include_usage":true}}"#,
    ];
    for b in same {
        assert_eq!(w.whole(call(&gateway(b))).await.1.cache, CacheUse::Hit, "{b}");
    }
    let different = [
        r#"{"model":"m","messages":[{"role":"user","content":"hi"}],"seed":8,"frequency_penalty":0.5}"#,
        r#"{"model":"m","messages":[{"role":"user","content":"hi"}],"seed":7,"frequency_penalty":0.6}"#,
        r#"{"model":"m","messages":[{"role":"user","content":"hi","name":"ann"}],"seed":7,"frequency_penalty":0.5}"#,
        r#"{"model":"m","messages":[{"role":"user","content":"hi"}],"seed":7,"frequency_penalty":0.5,"logit_bias":{"50256":-100}}"#,
    ];
    for b in different {
        assert_eq!(w.whole(call(&gateway(b))).await.1.cache, CacheUse::Miss, "{b}");
    }
    assert_eq!(w.calls(), 1 + different.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sampled_requests_are_not_cached_by_default_and_the_policy_decides() {
    let w = World::new().await;
    let sampled = ChatRequest { temperature: None, ..ask("hello") };
    assert_eq!(w.whole(call(&sampled)).await.1.cache, CacheUse::Bypass);
    let (text, served) = w.whole(call(&sampled)).await;
    assert_eq!((text.as_str(), served.cache), ("answer 2", CacheUse::Bypass));
    assert_eq!(w.calls(), 2, "never kept, never looked up");

    w.policy(CachePolicy::Always).await;
    w.whole(call(&sampled)).await;
    assert_eq!(w.whole(call(&sampled)).await.1.cache, CacheUse::Hit);

    w.policy(CachePolicy::Off).await;
    assert_eq!(w.whole(call(&ask("hello"))).await.1.cache, CacheUse::Bypass);
    assert_eq!(w.whole(call(&ask("hello"))).await.1.cache, CacheUse::Bypass);

    // A route's own policy wins over Settings.
    let route = Route {
        name: "cached".into(),
        strategy: Strategy::Priority,
        targets: vec![RouteTarget { provider_id: w.provider_id.clone(), model: MODEL.into(), weight: 1 }],
        strict: false,
        cache: Some(CachePolicy::Always),
        cache_tool_calls: false,
    };
    w.core.save_route(route).await.unwrap();
    let through = |r: &ChatRequest| support::gateway_call("cached", r);
    let fresh = ChatRequest { temperature: None, ..ask("through the route") };
    assert_eq!(w.whole(through(&fresh)).await.1.cache, CacheUse::Miss);
    assert_eq!(w.whole(through(&fresh)).await.1.cache, CacheUse::Hit);
    assert_eq!(w.whole(call(&fresh)).await.1.cache, CacheUse::Bypass, "the model itself follows Settings (off)");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bypass_refresh_and_only_do_as_they_are_named() {
    let w = World::new().await;
    let hello = ask("hello");

    let (_, served) = w.whole(with(&hello, CacheDirective::Bypass)).await;
    assert_eq!(served.cache, CacheUse::Bypass);
    assert_eq!(w.core.cache_stats().await.unwrap().entries, 0, "a bypassed call keeps nothing, under any key");
    let only = w.core.complete(with(&hello, CacheDirective::Only)).await.unwrap_err();
    assert_eq!((only.code.as_str(), only.category), ("cache_miss", switchyard_core::ErrorCategory::NotFound));
    assert_eq!(w.calls(), 1, "bypass kept nothing, and only never called the provider");

    assert_eq!(w.whole(call(&hello)).await.0, "answer 2");
    let (text, served) = w.whole(with(&hello, CacheDirective::Only)).await;
    assert_eq!((text.as_str(), served.cache), ("answer 2", CacheUse::Hit));

    let (text, served) = w.whole(with(&hello, CacheDirective::Refresh)).await;
    assert_eq!((text.as_str(), served.cache), ("answer 3", CacheUse::Miss), "refresh asks the provider");
    assert_eq!(w.whole(call(&hello)).await.0, "answer 3", "and keeps its answer in place of the old one");

    let streamed = ChatRequest { stream: true, ..ask("never asked") };
    let err = w.core.stream(with(&streamed, CacheDirective::Only)).await.err().unwrap();
    assert_eq!(err.code, "cache_miss");
    assert_eq!(w.calls(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_cut_answers_cancelled_streams_and_tool_calls_are_not_kept() {
    let w = World::new().await;
    // Asked as a pane asks one model, so the failures do not open the target's circuit breaker for the rest.
    let target = switchyard_core::chat::ChatTarget::Model { provider_id: w.provider_id.clone(), model: MODEL.into() };
    let pane = |r: &ChatRequest| Call::new(Destination::Chat(target.clone()), r.clone(), support_pane());
    assert!(w.core.complete(pane(&ask("fail"))).await.is_err());
    assert!(w.core.complete(pane(&ask("fail"))).await.is_err());
    let calls = w.calls();
    assert!(calls >= 2, "the failure was asked again, not replayed");

    w.whole(call(&ask("cut"))).await;
    assert_eq!(w.whole(call(&ask("cut"))).await.1.cache, CacheUse::Miss, "an answer cut at max tokens");

    let tool = ChatRequest { tools: rich().tools, ..ask("use a tool") };
    w.whole(call(&tool)).await;
    assert_eq!(w.whole(call(&tool)).await.1.cache, CacheUse::Miss, "an answer ending in a tool call");

    // A stream the upstream cut off (no finish reason, no end marker) is not kept.
    let streamed = ChatRequest { stream: true, ..ask("truncated") };
    let (mut stream, _) = w.core.stream(call(&streamed)).await.unwrap();
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        items.push(item);
    }
    assert_eq!(items.last().unwrap().as_ref().unwrap_err().code, "upstream_stream_truncated");
    assert_eq!(w.whole(call(&ask("truncated"))).await.1.cache, CacheUse::Miss);

    // A route may keep answers that end in tool calls.
    let route = Route {
        name: "agent".into(),
        strategy: Strategy::Priority,
        targets: vec![RouteTarget { provider_id: w.provider_id.clone(), model: MODEL.into(), weight: 1 }],
        strict: false,
        cache: None,
        cache_tool_calls: true,
    };
    w.core.save_route(route).await.unwrap();
    w.whole(support::gateway_call("agent", &tool)).await;
    let (answer, served) = w.core.complete(support::gateway_call("agent", &tool)).await.unwrap();
    assert_eq!(served.cache, CacheUse::Hit);
    assert!(matches!(&answer.content[..], [ContentBlock::ToolUse { name, .. }] if name == "lookup"));
    assert_eq!(answer.stop_reason, Some(StopReason::ToolUse));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_misses_on_one_key_make_one_upstream_call() {
    let w = World::new().await;
    let tasks: Vec<_> = (0..4)
        .map(|i| {
            let core = w.core.clone();
            // They differ only in who asks: one key, one call.
            let request = ChatRequest { user: Some(format!("user-{i}")), ..ask("slow question") };
            tokio::spawn(async move { core.complete(call(&request)).await.unwrap().0.text() })
        })
        .collect();
    let mut texts = Vec::new();
    for t in tasks {
        texts.push(t.await.unwrap());
    }
    assert!(texts.iter().all(|t| t == "answer 1"), "{texts:?}");
    assert_eq!(w.calls(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_kept_before_a_restart_is_served_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let upstream = upstream();
    {
        let core = support::open_core(dir.path()).await;
        support::priced::priced_provider(&core, &upstream, "up", MODEL).await;
        core.complete(call(&ask("remember me"))).await.unwrap();
        core.flush_cache().await;
    }
    let core = support::open_core(dir.path()).await;
    let (answer, served) = core.complete(call(&ask("remember me"))).await.unwrap();
    assert_eq!((answer.text().as_str(), served.cache), ("answer 1", CacheUse::Hit));
    let (mut stream, served) = core.stream(call(&ChatRequest { stream: true, ..ask("remember me") })).await.unwrap();
    let mut acc = Accumulator::default();
    while let Some(c) = stream.next().await {
        acc.push(&c.unwrap());
    }
    assert_eq!((acc.text.as_str(), served.cache), ("answer 1", CacheUse::Hit));
    assert_eq!(upstream.requests().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_cache_file_is_set_aside_and_calls_go_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(switchyard_core::CACHE_FILE), b"this is not a database, it never was").unwrap();
    let upstream = upstream();
    let core = support::open_core(dir.path()).await;
    support::priced::priced_provider(&core, &upstream, "up", MODEL).await;
    core.complete(call(&ask("hi"))).await.unwrap();
    assert_eq!(core.complete(call(&ask("hi"))).await.unwrap().1.cache, CacheUse::Hit);
    assert!(dir.path().join("cache.sqlite.damaged").exists(), "the damaged file is kept aside, not deleted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hit_is_a_cached_ledger_row_that_saved_what_the_first_call_cost() {
    let w = World::new().await;
    w.whole(call(&ask("priced"))).await;
    w.streamed(call(&ChatRequest { stream: true, ..ask("priced") })).await;
    w.core.flush_ledger().await;
    let rows = w.core.recent_calls(10).await.unwrap();
    let (hit, miss) = (&rows[0], &rows[1]);
    assert_eq!((miss.status, miss.cache), (CallStatus::Ok, CacheUse::Miss));
    assert_eq!(miss.cost.as_ref().unwrap().usd_micros, support::priced::CALL_COST);
    assert_eq!((hit.status, hit.cache, hit.attempts), (CallStatus::Cached, CacheUse::Hit, 0));
    let cost = hit.cost.as_ref().unwrap();
    assert_eq!((cost.usd_micros, cost.source), (0, switchyard_core::cost::money::PriceSource::Cached));
    assert_eq!(hit.saved_cost_usd_micros, Some(support::priced::CALL_COST));
    assert!(hit.saved_latency_ms.is_some_and(|ms| ms >= 0));
    assert_eq!((hit.usage.input_tokens, hit.usage.output_tokens), (0, 0), "a hit consumed no tokens");
    assert_eq!(hit.provider_id.as_deref(), Some(w.provider_id.as_str()));

    let stats = w.core.cache_stats().await.unwrap();
    assert_eq!((stats.recent.hits, stats.recent.misses), (1, 1));
    assert_eq!(stats.recent.saved_cost_usd_micros, support::priced::CALL_COST);
    assert_eq!(stats.entries, 1);
    assert_eq!(stats.models[0].provider_id, w.provider_id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn namespaces_keep_answers_apart_and_clearing_removes_what_it_names() {
    let w = World::new().await;
    let in_space = |ns: &str, r: &ChatRequest| Call { namespace: Some(ns.into()), ..call(r) };
    w.whole(in_space("a", &ask("q"))).await;
    assert_eq!(w.whole(in_space("b", &ask("q"))).await.1.cache, CacheUse::Miss, "another namespace");
    assert_eq!(w.whole(in_space("a", &ask("q"))).await.1.cache, CacheUse::Hit);
    w.whole(call(&ask("q"))).await;
    let stats = w.core.cache_stats().await.unwrap();
    let spaces: Vec<(&str, u64)> = stats.namespaces.iter().map(|n| (n.namespace.as_str(), n.entries)).collect();
    assert_eq!(spaces, [("a", 1), ("b", 1), ("default", 1)]);

    assert_eq!(w.core.clear_cache(CacheClear::Namespace { namespace: "a".into() }).await.unwrap(), 1);
    assert_eq!(w.whole(in_space("a", &ask("q"))).await.1.cache, CacheUse::Miss, "cleared from memory too");
    let model = CacheClear::Model { provider_id: w.provider_id.clone(), model: MODEL.into() };
    assert_eq!(w.core.clear_cache(model).await.unwrap(), 3);
    assert_eq!(w.whole(call(&ask("q"))).await.1.cache, CacheUse::Miss);
    assert_eq!(w.core.clear_cache(CacheClear::All).await.unwrap(), 1);
    assert_eq!(w.core.cache_stats().await.unwrap().entries, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provider_pointed_elsewhere_or_deleted_loses_its_answers() {
    let w = World::new().await;
    w.whole(call(&ask("where"))).await;
    let record = w.core.list_providers().await.unwrap().into_iter().find(|p| p.id == w.provider_id).unwrap();
    let input = |base_url: String| switchyard_core::providers::registry::ProviderInput {
        id: Some(record.id.clone()),
        name: "renamed".into(),
        preset: record.preset.clone(),
        base_url,
        api_key: None,
        extra_headers: vec![],
        default_model: Some(MODEL.into()),
    };
    // A new name changes nothing about the answers.
    w.core.save_provider(input(record.base_url.clone())).await.unwrap();
    assert_eq!(w.whole(call(&ask("where"))).await.1.cache, CacheUse::Hit);
    // Another server does.
    let other = upstream();
    w.core.save_provider(input(other.base_url.clone())).await.unwrap();
    assert_eq!(w.whole(call(&ask("where"))).await.1.cache, CacheUse::Miss);
    assert_eq!(other.requests().len(), 1);
    w.core.delete_provider(&w.provider_id).await.unwrap();
    assert_eq!(w.core.cache_stats().await.unwrap().entries, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_streamed_and_a_whole_miss_on_one_key_make_one_upstream_call() {
    for round in 0..2 {
        let w = World::new().await;
        let question = format!("slow question {round}");
        let (core, whole) = (w.core.clone(), ask(&question));
        let streamed = ChatRequest { stream: true, ..ask(&question) };
        // Whichever arrives first makes the call; the other shares it, in its own mode.
        let whole_call = async move { core.complete(call(&whole)).await.unwrap().0.text() };
        let stream_call = async {
            let (mut stream, _) = w.core.stream(call(&streamed)).await.unwrap();
            let mut acc = Accumulator::default();
            while let Some(c) = stream.next().await {
                acc.push(&c.unwrap());
            }
            (acc.text.clone(), acc.stop)
        };
        let (whole_text, (stream_text, stop)) = match round {
            0 => tokio::join!(whole_call, stream_call),
            _ => {
                let (s, w) = tokio::join!(stream_call, whole_call);
                (w, s)
            }
        };
        assert_eq!(
            (whole_text.as_str(), stream_text.as_str(), stop),
            ("answer 1", "answer 1", Some(StopReason::EndTurn))
        );
        assert_eq!(w.calls(), 1, "round {round}: one upstream call for both modes");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn different_requests_in_flight_together_never_share_an_answer() {
    let w = World::new().await;
    let (a, b) = (ask("slow question a"), ask("slow question b"));
    let (sa, sb) = (
        ChatRequest { stream: true, ..ask("slow question c") },
        ChatRequest { stream: true, ..ask("slow question d") },
    );
    let w = &w;
    let (ta, tb, tc, td) = tokio::join!(
        async { w.whole(call(&a)).await.0 },
        async { w.whole(call(&b)).await.0 },
        async { w.streamed(call(&sa)).await.0 },
        async { w.streamed(call(&sb)).await.0 }
    );
    let mut texts = vec![ta, tb, tc, td];
    texts.sort();
    texts.dedup();
    assert_eq!(texts.len(), 4, "four questions, four answers: {texts:?}");
    assert_eq!(w.calls(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_call_shares_an_identical_stream_already_flowing() {
    // The stream's first chunk, then the rest 300 ms later, from an upstream that serves one connection only.
    let first = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"shared \"}}]}\n\n";
    let rest = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"stream\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2}}\n\ndata: [DONE]\n\n";
    let upstream = support::raw_upstream::serve_in_pieces(
        format!("{first}{rest}").into_bytes(),
        vec![first.len(), rest.len()],
        Duration::from_millis(300),
    );
    let dir = tempfile::tempdir().unwrap();
    let core = support::open_core(dir.path()).await;
    let id = core
        .save_provider(switchyard_core::providers::registry::ProviderInput {
            id: None,
            name: "once".into(),
            preset: "custom".into(),
            base_url: upstream.base_url.clone(),
            api_key: Some("sk-upstream-0123456789".into()),
            extra_headers: vec![],
            default_model: Some(MODEL.into()),
        })
        .await
        .unwrap()
        .id;
    core.set_provider_models(&id, vec![MODEL.into()]).await.unwrap();

    // The stream is open (its first chunk is here) when the whole call arrives.
    let (mut stream, _) = core.stream(call(&ChatRequest { stream: true, ..ask("q") })).await.unwrap();
    let whole = core.complete(call(&ask("q")));
    let read = async {
        let mut acc = Accumulator::default();
        while let Some(c) = stream.next().await {
            acc.push(&c.unwrap());
        }
        acc.text
    };
    let (whole, streamed) = tokio::join!(whole, read);
    let (answer, served) = whole.unwrap();
    assert_eq!((answer.text().as_str(), streamed.as_str()), ("shared stream", "shared stream"));
    assert_eq!((served.attempts, served.cache), (0, CacheUse::Miss), "shared, not asked again");
    assert_eq!(answer.stop_reason, Some(StopReason::EndTurn));
    assert_eq!(upstream.handle.join().unwrap().pieces_written, 2);
}
