//! The whole facade: providers with keys, conversations, a streamed chat turn persisted, stop, errors, restart.

mod support;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use support::{AiMock, AIMOCK_KEY};
use switchyard_core::chat::{ChatEvent, ChatTarget, SendMessage};
use switchyard_core::providers::registry::ProviderInput;
use switchyard_core::providers::Deadlines;
use switchyard_core::secrets::{MemorySecretStore, SecretStore};
use switchyard_core::store::messages::MessageStatus;
use switchyard_core::{Core, CoreConfig, ErrorCategory};

async fn open(dir: &Path, secrets: Arc<dyn SecretStore>) -> Core {
    Core::open(CoreConfig {
        data_dir: dir.to_owned(),
        secrets,
        deadlines: Deadlines::default(),
        router: Default::default(),
        clock: std::sync::Arc::new(switchyard_core::cost::budget_book::SystemClock),
        queue: Default::default(),
        change_source: Default::default(),
    })
    .await
    .unwrap()
}

fn custom_provider(mock: &AiMock, key: &str) -> ProviderInput {
    ProviderInput {
        id: None,
        name: "aimock".into(),
        preset: "custom".into(),
        base_url: mock.base_url.clone(),
        api_key: Some(key.into()),
        extra_headers: vec![],
        default_model: Some("gpt-4o-mini".into()),
    }
}

fn send(conversation_id: &str, provider_id: &str, text: &str) -> SendMessage {
    SendMessage {
        request_id: uuid::Uuid::new_v4().to_string(),
        conversation_id: conversation_id.into(),
        pane_id: "pane-1".into(),
        target: ChatTarget::Model { provider_id: provider_id.into(), model: "gpt-4o-mini".into() },
        text: text.into(),
        cache: None,
        later: false,
        place: Default::default(),
    }
}

fn recorder() -> (Arc<Mutex<Vec<ChatEvent>>>, impl Fn(ChatEvent) + Send + Sync) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = {
        let events = events.clone();
        move |e: ChatEvent| events.lock().unwrap().push(e)
    };
    (events, sink)
}

/// Every byte under `dir`, to prove a secret is not among them.
fn all_bytes_under(dir: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            bytes.extend(all_bytes_under(&path));
        } else {
            bytes.extend(std::fs::read(&path).unwrap());
        }
    }
    bytes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_streamed_turn_is_persisted_and_survives_a_restart() {
    let mock = AiMock::start();
    let dir = tempfile::tempdir().unwrap();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecretStore::default());
    let core = open(dir.path(), secrets.clone()).await;

    let provider = core.save_provider(custom_provider(&mock, AIMOCK_KEY)).await.unwrap();
    assert!(provider.has_key);
    let conversation = core.create_conversation(None).await.unwrap();
    let (events, sink) = recorder();
    let answer = core.send_message(send(&conversation.id, &provider.id, "hello"), &sink).await.unwrap();

    assert_eq!(answer.status, MessageStatus::Complete);
    assert_eq!(answer.content, "Hello from aimock! How can I help you today?");
    assert!(answer.usage.output_tokens > 0 && answer.usage.input_tokens > 0);
    assert!(answer.latency_ms.is_some() && answer.ttft_ms.is_some());
    let trace_id = answer.trace_id.clone().expect("every turn carries a trace id");

    let events = events.lock().unwrap().clone();
    assert!(matches!(&events[0], ChatEvent::Started { trace_id: t, .. } if *t == trace_id));
    let streamed: String = events
        .iter()
        .filter_map(|e| if let ChatEvent::Delta { text } = e { Some(text.as_str()) } else { None })
        .collect();
    assert_eq!(streamed, answer.content);
    assert!(
        events.iter().filter(|e| matches!(e, ChatEvent::Delta { .. })).count() > 1,
        "the answer should arrive in several deltas"
    );
    assert!(matches!(events.last().unwrap(), ChatEvent::Finished { message } if *message == answer));

    // The second turn carries the first as context.
    let second = core.send_message(send(&conversation.id, &provider.id, "second question"), &|_| {}).await.unwrap();
    assert_eq!(second.content, "Second answer, with context.");
    core.flush_ledger().await;
    drop(core);

    let core = open(dir.path(), secrets).await;
    let conversations = core.list_conversations().await.unwrap();
    assert_eq!(conversations.len(), 1);
    assert_eq!(conversations[0].title, "hello", "the first message names the conversation");
    assert_eq!(
        conversations[0].target,
        Some(ChatTarget::Model { provider_id: provider.id.clone(), model: "gpt-4o-mini".into() }),
        "the conversation remembers what it was sent to"
    );
    let messages = core.list_messages(&conversation.id).await.unwrap();
    let texts: Vec<_> = messages.iter().map(|m| m.content.as_str()).collect();
    assert_eq!(
        texts,
        ["hello", "Hello from aimock! How can I help you today?", "second question", "Second answer, with context."]
    );
    assert_eq!(messages[1].usage, answer.usage);
    let calls = core.recent_calls(10).await.unwrap();
    assert_eq!(calls.len(), 2, "one ledger row per turn");
    let first = &calls[1];
    assert_eq!((first.origin.as_str(), first.route.as_str()), ("chat:pane-1", "gpt-4o-mini"));
    assert_eq!(first.trace_id, trace_id);
    assert_eq!(first.usage, answer.usage);
    assert_eq!(first.provider_id.as_deref(), Some(provider.id.as_str()));

    let on_disk = all_bytes_under(dir.path());
    assert!(
        !on_disk.windows(AIMOCK_KEY.len()).any(|w| w == AIMOCK_KEY.as_bytes()),
        "the API key was written to the data dir"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stop_keeps_the_partial_answer_marked_stopped() {
    let mock = AiMock::start();
    let dir = tempfile::tempdir().unwrap();
    let core = Arc::new(open(dir.path(), Arc::new(MemorySecretStore::default())).await);
    let provider = core.save_provider(custom_provider(&mock, AIMOCK_KEY)).await.unwrap();
    let conversation = core.create_conversation(Some("story".into())).await.unwrap();
    let input = send(&conversation.id, &provider.id, "tell me a long story");
    let request_id = input.request_id.clone();

    let canceller = core.clone();
    let deltas = Arc::new(Mutex::new(0usize));
    let sink = {
        let deltas = deltas.clone();
        move |e: ChatEvent| {
            if let ChatEvent::Delta { .. } = e {
                let mut n = deltas.lock().unwrap();
                *n += 1;
                if *n == 3 {
                    assert!(canceller.cancel(&request_id));
                }
            }
        }
    };
    let answer = tokio::time::timeout(Duration::from_secs(20), core.send_message(input, &sink))
        .await
        .expect("stop must end the turn")
        .unwrap();
    assert_eq!(answer.status, MessageStatus::Stopped);
    assert!(!answer.content.is_empty());
    assert!(answer.content.len() < 150, "the whole story arrived despite the stop: {}", answer.content);
    let saved = core.list_messages(&conversation.id).await.unwrap();
    assert_eq!(saved[1].status, MessageStatus::Stopped);
    assert_eq!(saved[1].content, answer.content);
    // The provider never said what it wrote: what arrived is counted, in the message and in the ledger alike.
    let counted = switchyard_core::cost::tokens::count_text(&answer.content);
    assert_eq!((answer.usage.output_tokens, answer.usage.estimated), (counted, true));
    assert_eq!(saved[1].usage, answer.usage);
    core.flush_ledger().await;
    let row = core.recent_calls(1).await.unwrap().remove(0);
    assert_eq!((row.usage.output_tokens, row.usage.estimated), (counted, true), "{row:?}");
    assert!(!core.cancel("no-such-request"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn provider_failures_are_saved_with_code_category_and_trace_id() {
    let mock = AiMock::start();
    let dir = tempfile::tempdir().unwrap();
    let core = open(dir.path(), Arc::new(MemorySecretStore::default())).await;
    let good = core.save_provider(custom_provider(&mock, AIMOCK_KEY)).await.unwrap();
    let bad_key = core.save_provider(custom_provider(&mock, "sk-not-the-right-key")).await.unwrap();
    let conversation = core.create_conversation(None).await.unwrap();

    let denied = core.send_message(send(&conversation.id, &bad_key.id, "hello"), &|_| {}).await.unwrap();
    assert_eq!(denied.status, MessageStatus::Error);
    let error = denied.error.clone().unwrap();
    assert_eq!((error.category, error.code.as_str()), (ErrorCategory::Auth, "provider_auth_failed"));
    assert_eq!(error.trace_id, denied.trace_id);

    // Failed answers are not sent back upstream as context, and are kept in the history.
    let saved = core.list_messages(&conversation.id).await.unwrap();
    assert_eq!(saved.iter().filter(|m| m.status == MessageStatus::Error).count(), 1);

    // A provider that is there but cannot answer now: the turn waits in the queue with the error shown.
    let limited = core.send_message(send(&conversation.id, &good.id, "trigger 429"), &|_| {}).await.unwrap();
    assert_eq!(limited.status, MessageStatus::Queued);
    let queued = core.queue_status().await.unwrap().items;
    assert_eq!(queued.len(), 1);
    let error = queued[0].last_error.clone().unwrap();
    assert_eq!(error.category, ErrorCategory::RateLimited);
    assert_eq!(error.trace_id, limited.trace_id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_before_anything_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let core = open(dir.path(), Arc::new(MemorySecretStore::default())).await;
    let conversation = core.create_conversation(None).await.unwrap();
    let empty = core.send_message(send(&conversation.id, "p", "   "), &|_| {}).await.unwrap_err();
    assert_eq!(empty.code, "empty_message");
    assert!(empty.trace_id.is_some());
    let unknown = core.send_message(send(&conversation.id, "missing", "hi"), &|_| {}).await.unwrap_err();
    assert_eq!((unknown.category, unknown.code.as_str()), (ErrorCategory::NotFound, "provider_not_found"));
    assert!(core.list_messages(&conversation.id).await.unwrap().is_empty());

    let needs_key = ProviderInput {
        id: None,
        name: "".into(),
        preset: "deepseek".into(),
        base_url: "".into(),
        api_key: None,
        extra_headers: vec![],
        default_model: None,
    };
    let deepseek = core.save_provider(needs_key).await.unwrap();
    assert_eq!(deepseek.base_url, "https://api.deepseek.com/v1");
    assert_eq!(deepseek.name, "DeepSeek");
    let missing_key = core.send_message(send(&conversation.id, &deepseek.id, "hi"), &|_| {}).await.unwrap_err();
    assert_eq!((missing_key.category, missing_key.code.as_str()), (ErrorCategory::Auth, "api_key_missing"));

    let custom_without_url = ProviderInput {
        preset: "custom".into(),
        ..ProviderInput {
            id: None,
            name: "x".into(),
            preset: String::new(),
            base_url: String::new(),
            api_key: None,
            extra_headers: vec![],
            default_model: None,
        }
    };
    assert_eq!(core.save_provider(custom_without_url).await.unwrap_err().code, "base_url_required");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conversations_rename_delete_and_cascade() {
    let mock = AiMock::start();
    let dir = tempfile::tempdir().unwrap();
    let core = open(dir.path(), Arc::new(MemorySecretStore::default())).await;
    let provider = core.save_provider(custom_provider(&mock, AIMOCK_KEY)).await.unwrap();
    let a = core.create_conversation(Some("A".into())).await.unwrap();
    let b = core.create_conversation(None).await.unwrap();
    core.send_message(send(&a.id, &provider.id, "hello"), &|_| {}).await.unwrap();

    let renamed = core.rename_conversation(&b.id, "  Plans  ").await.unwrap();
    assert_eq!(renamed.title, "Plans");
    assert_eq!(core.rename_conversation(&b.id, " ").await.unwrap_err().code, "title_required");
    assert_eq!(core.rename_conversation("nope", "x").await.unwrap_err().category, ErrorCategory::NotFound);
    assert_eq!(core.list_conversations().await.unwrap()[0].id, b.id, "most recently touched first");

    core.delete_conversation(&a.id).await.unwrap();
    assert_eq!(core.list_messages(&a.id).await.unwrap_err().category, ErrorCategory::NotFound);
    assert_eq!(core.list_conversations().await.unwrap().len(), 1);
    assert_eq!(core.delete_conversation(&a.id).await.unwrap_err().category, ErrorCategory::NotFound);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn provider_keys_live_in_the_secret_store_and_go_with_the_provider() {
    let mock = AiMock::start();
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemorySecretStore::default());
    let core = open(dir.path(), secrets.clone()).await;
    let saved = core.save_provider(custom_provider(&mock, AIMOCK_KEY)).await.unwrap();
    let account = switchyard_core::providers::registry::key_account(&saved.id);
    assert_eq!(secrets.get(&account).unwrap().unwrap().expose(), AIMOCK_KEY);
    let listed = serde_json::to_string(&core.list_providers().await.unwrap()).unwrap();
    assert!(!listed.contains(AIMOCK_KEY), "provider list exposes the key");

    // Updating without a key keeps it; an empty key removes it.
    let kept = core
        .save_provider(ProviderInput {
            id: Some(saved.id.clone()),
            api_key: None,
            name: "renamed".into(),
            ..custom_provider(&mock, "")
        })
        .await
        .unwrap();
    assert!(kept.has_key);
    assert_eq!(kept.created_at, saved.created_at);
    let test = core.test_provider(&saved.id).await.unwrap();
    assert!(test.ok && test.model_count > 0, "{test:?}");
    assert_eq!(
        core.list_providers().await.unwrap()[0].models.len(),
        test.model_count as usize,
        "a passing test remembers the models"
    );
    let models = core.refresh_models(&saved.id).await.unwrap();
    assert_eq!(core.list_providers().await.unwrap()[0].models, models);

    let cleared = core
        .save_provider(ProviderInput {
            id: Some(saved.id.clone()),
            api_key: Some(String::new()),
            ..custom_provider(&mock, "")
        })
        .await
        .unwrap();
    assert!(!cleared.has_key);
    assert!(secrets.get(&account).unwrap().is_none());
    let unauth = core.test_provider(&saved.id).await.unwrap();
    assert!(!unauth.ok);
    assert_eq!(unauth.error.unwrap().category, ErrorCategory::Auth);

    core.save_provider(ProviderInput { id: Some(saved.id.clone()), ..custom_provider(&mock, AIMOCK_KEY) })
        .await
        .unwrap();
    core.delete_provider(&saved.id).await.unwrap();
    assert!(secrets.get(&account).unwrap().is_none(), "deleting a provider must delete its key");
    assert!(core.list_providers().await.unwrap().is_empty());
}

#[tokio::test]
async fn answers_left_streaming_by_a_crash_are_marked_interrupted() {
    let dir = tempfile::tempdir().unwrap();
    let core = open(dir.path(), Arc::new(MemorySecretStore::default())).await;
    let c = core.create_conversation(None).await.unwrap();
    drop(core);
    let conn = rusqlite::Connection::open(dir.path().join("switchyard.sqlite")).unwrap();
    conn.execute(
        "INSERT INTO messages (id, conversation_id, role, content, status, created_at) VALUES ('m', ?1, 'assistant', 'half an ans', 'streaming', 1)",
        [&c.id],
    )
    .unwrap();
    drop(conn);
    let core = open(dir.path(), Arc::new(MemorySecretStore::default())).await;
    let messages = core.list_messages(&c.id).await.unwrap();
    assert_eq!(messages[0].status, MessageStatus::Interrupted);
    assert_eq!(messages[0].content, "half an ans");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pane_can_chat_through_a_route_and_falls_back_past_a_rejected_key() {
    let mock = AiMock::start();
    let dir = tempfile::tempdir().unwrap();
    let core = open(dir.path(), Arc::new(MemorySecretStore::default())).await;
    let bad_key = core.save_provider(custom_provider(&mock, "sk-not-the-right-key")).await.unwrap();
    let good = core.save_provider(custom_provider(&mock, AIMOCK_KEY)).await.unwrap();
    let target = |p: &str| switchyard_core::router::route::RouteTarget {
        provider_id: p.into(),
        model: "gpt-4o-mini".into(),
        weight: 1,
    };
    core.save_route(switchyard_core::router::route::Route {
        name: "smart".into(),
        strategy: switchyard_core::router::route::Strategy::Priority,
        targets: vec![target(&bad_key.id), target(&good.id)],
        strict: false,
        cache: None,
        cache_tool_calls: false,
    })
    .await
    .unwrap();
    let conversation = core.create_conversation(None).await.unwrap();
    let through_route = |text: &str, route: &str| SendMessage {
        request_id: uuid::Uuid::new_v4().to_string(),
        conversation_id: conversation.id.clone(),
        pane_id: "pane-2".into(),
        target: ChatTarget::Route { name: route.into() },
        text: text.into(),
        cache: None,
        later: false,
        place: Default::default(),
    };

    let (events, sink) = recorder();
    let answer = core.send_message(through_route("hello", "smart"), &sink).await.unwrap();
    assert_eq!(answer.status, MessageStatus::Complete);
    assert_eq!(answer.content, "Hello from aimock! How can I help you today?");
    assert_eq!(answer.provider_id.as_deref(), Some(good.id.as_str()), "the target that answered");
    assert_eq!(answer.model.as_deref(), Some("gpt-4o-mini"));
    assert!(matches!(events.lock().unwrap().last(), Some(ChatEvent::Finished { .. })));
    let saved = core.list_messages(&conversation.id).await.unwrap();
    assert_eq!(saved[1].provider_id.as_deref(), Some(good.id.as_str()), "who answered is saved");

    let row = &core.recent_calls(1).await.unwrap()[0];
    assert_eq!((row.origin.as_str(), row.route.as_str()), ("chat:pane-2", "smart"));
    assert_eq!((row.provider_id.as_deref(), row.attempts), (Some(good.id.as_str()), 2));

    let unknown = core.send_message(through_route("hi", "no-such-route"), &|_| {}).await.unwrap_err();
    assert_eq!(unknown.category, ErrorCategory::NotFound);
    assert_eq!(core.list_messages(&conversation.id).await.unwrap().len(), 2, "nothing saved for an unknown route");
    let kept = core.list_conversations().await.unwrap().into_iter().find(|c| c.id == conversation.id).unwrap();
    assert_eq!(kept.target, Some(ChatTarget::Route { name: "smart".into() }), "a route is remembered as the route");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_of_a_chosen_model_do_not_open_the_circuit_for_routes() {
    let mock = AiMock::start();
    let dir = tempfile::tempdir().unwrap();
    let core = open(dir.path(), Arc::new(MemorySecretStore::default())).await;
    let provider = core.save_provider(custom_provider(&mock, AIMOCK_KEY)).await.unwrap();
    core.save_route(switchyard_core::router::route::Route {
        name: "only".into(),
        strategy: switchyard_core::router::route::Strategy::Priority,
        targets: vec![switchyard_core::router::route::RouteTarget {
            provider_id: provider.id.clone(),
            model: "gpt-4o-mini".into(),
            weight: 1,
        }],
        strict: false,
        cache: None,
        cache_tool_calls: false,
    })
    .await
    .unwrap();
    // Two failed turns are six failed upstream calls (each retried twice): more than enough to open a circuit.
    for _ in 0..2 {
        let conversation = core.create_conversation(None).await.unwrap();
        let failed = core.send_message(send(&conversation.id, &provider.id, "trigger 500"), &|_| {}).await.unwrap();
        assert_eq!(failed.status, MessageStatus::Queued, "a provider failing for now: the turn waits to be sent again");
    }
    assert_eq!(core.recent_calls(1).await.unwrap()[0].attempts, 3, "a chosen model is still retried");
    let request = switchyard_core::ir::ChatRequest {
        model: "only".into(),
        messages: vec![switchyard_core::ir::Message::text(switchyard_core::ir::Role::User, "hello")],
        ..Default::default()
    };
    let (_, served) = core
        .complete(support::gateway_call("only", &request))
        .await
        .expect("the route's target is not cut off by the pane's failures");
    assert_eq!(served.attempts, 1);
}
