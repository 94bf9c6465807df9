//! The offline queue through the real door: turns that cannot be sent wait durably and go when they can — in order
//! per conversation, once, with backoff — and the person can hold, edit, resend and cancel them.

mod support;

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use support::capture::{Capture, Reply};
use support::queue::{echo, fast, question, until};
use support::{free_port, open_core_with_queue, AiMock, AIMOCK_KEY};
use switchyard_core::chat::{ChatEvent, ChatTarget, SendMessage};
use switchyard_core::providers::registry::ProviderInput;
use switchyard_core::queue::ItemState;
use switchyard_core::store::messages::MessageStatus;
use switchyard_core::{Core, ErrorCategory};

/// A provider at `base_url`, with aimock's key when it is aimock (the other upstreams take none).
fn provider(base_url: &str) -> ProviderInput {
    ProviderInput {
        id: None,
        name: "upstream".into(),
        preset: "custom".into(),
        base_url: base_url.into(),
        api_key: None,
        extra_headers: vec![],
        default_model: Some("gpt-4o-mini".into()),
    }
}

fn turn(conversation_id: &str, provider_id: &str, text: &str, later: bool) -> SendMessage {
    SendMessage {
        request_id: uuid(),
        conversation_id: conversation_id.into(),
        pane_id: "pane-1".into(),
        target: ChatTarget::Model { provider_id: provider_id.into(), model: "gpt-4o-mini".into() },
        text: text.into(),
        cache: None,
        later,
        place: Default::default(),
    }
}

fn uuid() -> String {
    switchyard_core::store::new_id()
}

/// The conversation's answers, once none of them is waiting or streaming.
async fn settled_answers(core: &Core, conversation_id: &str) -> Option<Vec<(MessageStatus, String)>> {
    let messages = core.list_messages(conversation_id).await.unwrap();
    let answers: Vec<_> = messages
        .iter()
        .filter(|m| m.role == switchyard_core::ir::Role::Assistant)
        .map(|m| (m.status, m.content.clone()))
        .collect();
    let waiting = answers.iter().any(|(s, _)| matches!(s, MessageStatus::Queued | MessageStatus::Streaming));
    (!waiting).then_some(answers)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_sent_while_the_provider_is_away_are_answered_in_order_when_it_comes_back() {
    let port = free_port();
    let mock = AiMock::start_on(port);
    let dir = tempfile::tempdir().unwrap();
    let core = Arc::new(open_core_with_queue(dir.path(), fast()).await);
    let provider = core
        .save_provider(ProviderInput { api_key: Some(AIMOCK_KEY.into()), ..provider(&mock.base_url) })
        .await
        .unwrap();
    core.start_queue().await.unwrap();
    let conversation = core.create_conversation(None).await.unwrap();
    let mut panes = core.subscribe_panes();
    drop(mock);

    let first = core.send_message(turn(&conversation.id, &provider.id, "hello", false), &|_| {}).await.unwrap();
    assert_eq!(first.status, MessageStatus::Queued, "the provider is unreachable: the turn waits");
    let second = core.send_message(turn(&conversation.id, &provider.id, "second question", false), &|_| {}).await;
    assert_eq!(second.unwrap().status, MessageStatus::Queued);
    let status = core.queue_status().await.unwrap();
    assert_eq!(status.items.iter().map(|i| i.position).collect::<Vec<_>>(), vec![1, 2]);
    assert_eq!(status.items[0].last_error.as_ref().unwrap().category, ErrorCategory::Connect);
    assert_eq!(status.items[1].attempts, 0, "the second waits its turn without being tried");
    let reach = status.providers.iter().find(|p| p.provider_id == provider.id).unwrap();
    assert_eq!(reach.state, switchyard_core::queue::connectivity::Reachability::Offline);

    // The same port again: the queue finds it by probing, with nobody doing anything.
    let _back = AiMock::start_on(port);
    let answers = until(Duration::from_secs(20), "both answers", || settled_answers(&core, &conversation.id)).await;
    assert_eq!(answers.len(), 2, "one answer per question, however many attempts it took");
    assert!(answers.iter().all(|(s, text)| *s == MessageStatus::Complete && !text.is_empty()), "{answers:?}");
    assert!(core.queue_status().await.unwrap().items.is_empty());
    let messages = core.list_messages(&conversation.id).await.unwrap();
    let roles: Vec<_> = messages.iter().map(|m| (m.role, m.content.clone())).collect();
    assert_eq!(roles[0].1, "hello");
    assert_eq!(roles[2].1, "second question", "question, answer, question, answer: {roles:?}");

    // Each drained answer reached the pane as it streamed: started, text, finished, for both, in order. (The
    // events follow the saved answers: read them until both answers' ends came.)
    let mut seen = Vec::new();
    while seen.iter().filter(|s| *s == "end Complete").count() < 2 {
        let e = tokio::time::timeout(Duration::from_secs(10), panes.recv()).await;
        let e = e.unwrap_or_else(|_| panic!("the pane's events stopped before both answers ended: {seen:?}")).unwrap();
        assert_eq!(e.conversation_id, conversation.id);
        match e.event {
            ChatEvent::Started { user_message, .. } => seen.push(format!("start {}", user_message.content)),
            ChatEvent::Finished { message } => seen.push(format!("end {:?}", message.status)),
            ChatEvent::Delta { .. } => {}
        }
    }
    let starts: Vec<_> = seen.iter().filter(|s| s.starts_with("start")).collect();
    assert_eq!(starts.last().unwrap().as_str(), "start second question", "{seen:?}");
}

/// An upstream that answers each question by name and holds every request until `hold` are in flight together
/// (or a few seconds pass): a dispatcher that sent one conversation at a time would be seen.
struct Overlap {
    in_flight: Mutex<(usize, usize)>,
    changed: Condvar,
    hold: usize,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conversations_drain_in_parallel_and_each_in_its_own_order() {
    let overlap = Arc::new(Overlap { in_flight: Mutex::new((0, 0)), changed: Condvar::new(), hold: 2 });
    let upstream = Capture::start({
        let overlap = overlap.clone();
        move |req| {
            let mut guard = overlap.in_flight.lock().unwrap();
            guard.0 += 1;
            guard.1 = guard.1.max(guard.0);
            overlap.changed.notify_all();
            let deadline = Instant::now() + Duration::from_secs(3);
            while guard.0 < overlap.hold && guard.1 < overlap.hold && Instant::now() < deadline {
                guard = overlap.changed.wait_timeout(guard, Duration::from_millis(50)).unwrap().0;
            }
            guard.0 -= 1;
            drop(guard);
            echo(req)
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let core = Arc::new(open_core_with_queue(dir.path(), fast()).await);
    let provider = core.save_provider(provider(&upstream.base_url)).await.unwrap();
    let mut conversations = Vec::new();
    for c in 0..3 {
        let conversation = core.create_conversation(None).await.unwrap();
        for m in 0..3 {
            let held = core
                .send_message(turn(&conversation.id, &provider.id, &format!("c{c} m{m}"), true), &|_| {})
                .await
                .unwrap();
            assert_eq!(held.status, MessageStatus::Queued, "held until asked");
        }
        conversations.push(conversation.id);
    }
    let items = core.queue_status().await.unwrap().items;
    assert_eq!(items.len(), 9);
    assert!(items.iter().all(|i| i.state == ItemState::Held));
    core.start_queue().await.unwrap();
    // Released last to first: the queue still keeps each conversation's order.
    for item in items.iter().rev() {
        core.send_queued_now(&item.id).await.unwrap();
    }
    for id in &conversations {
        let answers = until(Duration::from_secs(30), "every answer", || settled_answers(&core, id)).await;
        assert!(answers.iter().all(|(s, _)| *s == MessageStatus::Complete), "{answers:?}");
    }
    let requests = upstream.requests();
    assert_eq!(requests.len(), 9, "each message sent once");
    for (c, _) in conversations.iter().enumerate() {
        let order: Vec<String> = requests.iter().map(question).filter(|q| q.starts_with(&format!("c{c} "))).collect();
        assert_eq!(order, vec![format!("c{c} m0"), format!("c{c} m1"), format!("c{c} m2")]);
    }
    // The third question of a conversation carries the two answers before it.
    let third = requests.iter().find(|r| question(r) == "c1 m2").unwrap();
    let context: Vec<&str> =
        third.body["messages"].as_array().unwrap().iter().filter_map(|m| m["content"].as_str()).collect();
    assert_eq!(context, vec!["c1 m0", "answer: c1 m0", "c1 m1", "answer: c1 m1", "c1 m2"]);
    let max_in_flight = overlap.in_flight.lock().unwrap().1;
    assert!((2..=3).contains(&max_in_flight), "conversations in parallel, within the limit of 3: {max_in_flight}");
    let keys: std::collections::HashSet<_> =
        requests.iter().map(|r| r.header("idempotency-key").unwrap().to_owned()).collect();
    assert_eq!(keys.len(), 9, "each turn has its own idempotency key");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upstream_that_keeps_failing_is_retried_with_growing_delays_then_given_up() {
    let times = Arc::new(Mutex::new(Vec::new()));
    let upstream = Capture::start({
        let times = times.clone();
        move |_| {
            times.lock().unwrap().push(Instant::now());
            Reply { status: 503, content_type: "application/json", body: r#"{"error":{"message":"busy"}}"#.into() }
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let config = switchyard_core::queue::QueueConfig { first_delay: Duration::from_millis(100), ..fast() };
    let core = Arc::new(open_core_with_queue(dir.path(), config).await);
    let provider = core.save_provider(provider(&upstream.base_url)).await.unwrap();
    core.start_queue().await.unwrap();
    let conversation = core.create_conversation(None).await.unwrap();
    let sent = core.send_message(turn(&conversation.id, &provider.id, "hello", false), &|_| {}).await.unwrap();
    assert_eq!(sent.status, MessageStatus::Queued);
    let answers =
        until(Duration::from_secs(20), "the queue to give up", || settled_answers(&core, &conversation.id)).await;
    assert_eq!(answers[0].0, MessageStatus::Error, "given up after max_attempts");
    let times = times.lock().unwrap().clone();
    assert_eq!(times.len(), config.max_attempts as usize, "one request per attempt, no more");
    for (k, pair) in times.windows(2).enumerate() {
        // Retry k+1 waits at least half of first_delay · 2^k (the jitter's low end); a sleep never ends early.
        let least = config.first_delay.mul_f64(0.5 * f64::from(1u32 << k));
        assert!(pair[1] - pair[0] >= least, "retry {} came after {:?}, before {least:?}", k + 1, pair[1] - pair[0]);
    }
    let keys: Vec<_> = upstream.requests().iter().map(|r| r.header("idempotency-key").unwrap().to_owned()).collect();
    assert!(keys.windows(2).all(|w| w[0] == w[1]), "every attempt at one turn carries the same key");
    assert!(core.queue_status().await.unwrap().items.is_empty());
    let saved = core.list_messages(&conversation.id).await.unwrap();
    assert_eq!(saved[1].error.as_ref().unwrap().category, ErrorCategory::Upstream);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_queue_refuses_the_new_message_and_keeps_every_waiting_one() {
    let dir = tempfile::tempdir().unwrap();
    let core = Arc::new(open_core_with_queue(dir.path(), fast()).await);
    let provider = core.save_provider(provider("http://127.0.0.1:9/v1")).await.unwrap();
    let settings = core.get_settings().await.unwrap();
    core.update_settings(switchyard_core::settings::Settings { queue_max_items: 2, queue_max_kb: 1, ..settings })
        .await
        .unwrap();
    let conversation = core.create_conversation(None).await.unwrap();
    for text in ["one", "two"] {
        core.send_message(turn(&conversation.id, &provider.id, text, true), &|_| {}).await.unwrap();
    }
    let full = core.send_message(turn(&conversation.id, &provider.id, "three", true), &|_| {}).await.unwrap_err();
    assert_eq!((full.code.as_str(), full.category), ("queue_full", ErrorCategory::InvalidRequest));
    assert!(full.message.contains("2 messages") && full.message.contains("Nothing was dropped"), "{}", full.message);
    let texts: Vec<_> = core.queue_status().await.unwrap().items.into_iter().map(|i| i.text).collect();
    assert_eq!(texts, vec!["one", "two"], "the old ones stay, the new one is refused");
    assert_eq!(core.list_messages(&conversation.id).await.unwrap().len(), 4, "nothing of the refused one saved");

    // Bytes count too: one waiting message past 1 KB is refused even with room for more messages.
    let other = core.create_conversation(None).await.unwrap();
    let first = core.queue_status().await.unwrap().items[0].id.clone();
    core.cancel_queued(&first).await.unwrap();
    let big = core.send_message(turn(&other.id, &provider.id, &"x".repeat(1100), true), &|_| {}).await.unwrap_err();
    assert_eq!(big.code, "queue_full");
    let edited = core.edit_queued(&core.queue_status().await.unwrap().items[0].id, "y".repeat(1100)).await;
    assert_eq!(edited.unwrap_err().code, "queue_full", "an edit may not grow the queue past its cap either");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_waiting_message_can_be_edited_sent_now_or_cancelled() {
    let upstream = Capture::start(echo);
    let dir = tempfile::tempdir().unwrap();
    let core = Arc::new(open_core_with_queue(dir.path(), fast()).await);
    let provider = core.save_provider(provider(&upstream.base_url)).await.unwrap();
    core.start_queue().await.unwrap();
    let conversation = core.create_conversation(None).await.unwrap();
    core.send_message(turn(&conversation.id, &provider.id, "draft", true), &|_| {}).await.unwrap();
    let other = core.create_conversation(None).await.unwrap();
    core.send_message(turn(&other.id, &provider.id, "never mind", true), &|_| {}).await.unwrap();
    let items = core.queue_status().await.unwrap().items;
    assert_eq!(items[0].conversation_title, "draft", "the first message titles its conversation");

    let edited = core.edit_queued(&items[0].id, "the real question".into()).await.unwrap();
    assert_eq!((edited.text.as_str(), edited.bytes), ("the real question", 17));
    assert_eq!(core.edit_queued(&items[0].id, "  ".into()).await.unwrap_err().code, "empty_message");
    core.cancel_queued(&items[1].id).await.unwrap();
    assert!(core.list_messages(&other.id).await.unwrap().is_empty(), "a cancelled message never left: it is gone");
    assert_eq!(core.cancel_queued(&items[1].id).await.unwrap_err().category, ErrorCategory::NotFound);

    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(upstream.requests().is_empty(), "a held message is not sent by itself");
    core.send_queued_now(&items[0].id).await.unwrap();
    let answers = until(Duration::from_secs(10), "the answer", || settled_answers(&core, &conversation.id)).await;
    assert_eq!(answers, vec![(MessageStatus::Complete, "answer: the real question".to_owned())]);
    assert_eq!(question(&upstream.last()), "the real question");
    assert_eq!(core.send_queued_now(&items[0].id).await.unwrap_err().category, ErrorCategory::NotFound);
}

/// An upstream that counts requests per idempotency key and holds each until the gate opens.
struct Gated {
    upstream: Capture,
    seen: Arc<Mutex<HashMap<String, u32>>>,
    gate: Arc<(Mutex<bool>, Condvar)>,
}

impl Gated {
    fn start() -> Self {
        let seen: Arc<Mutex<HashMap<String, u32>>> = Arc::default();
        let gate = Arc::new((Mutex::new(true), Condvar::new()));
        let upstream = Capture::start({
            let (seen, gate) = (seen.clone(), gate.clone());
            move |req| {
                *seen.lock().unwrap().entry(req.header("idempotency-key").unwrap_or("").to_owned()).or_default() += 1;
                let (lock, cv) = &*gate;
                let mut closed = lock.lock().unwrap();
                while *closed {
                    closed = cv.wait(closed).unwrap();
                }
                echo(req)
            }
        });
        Gated { upstream, seen, gate }
    }

    fn open(&self) {
        *self.gate.0.lock().unwrap() = false;
        self.gate.1.notify_all();
    }

    fn requests(&self) -> HashMap<String, u32> {
        self.seen.lock().unwrap().clone()
    }
}

/// Sends a turn that the gated upstream holds, and drops it (and the core) once the request has left: as a crash
/// mid-send would. Returns the data dir.
async fn cut_mid_send(upstream: &Gated) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let core = Arc::new(open_core_with_queue(dir.path(), fast()).await);
    let provider = core.save_provider(provider(&upstream.upstream.base_url)).await.unwrap();
    core.start_queue().await.unwrap();
    let conversation = core.create_conversation(None).await.unwrap();
    let sending = tokio::spawn({
        let (core, input) = (core.clone(), turn(&conversation.id, &provider.id, "hello", false));
        async move { core.send_message(input, &|_| {}).await }
    });
    until(Duration::from_secs(10), "the request to arrive", || {
        let n = upstream.requests().len();
        async move { (n == 1).then_some(()) }
    })
    .await;
    // While its request is out, the item can be neither changed nor taken back from the queue.
    let item = core.queue_status().await.unwrap().items.remove(0);
    assert_eq!(item.state, ItemState::Sending);
    // Starting the queue again (a second window, a reconnect) must not take a live send for a crashed one.
    assert_eq!(core.start_queue().await.unwrap(), 0);
    assert_eq!(core.queue_status().await.unwrap().items[0].state, ItemState::Sending);
    assert_eq!(core.cancel_queued(&item.id).await.unwrap_err().code, "queue_item_sending");
    assert_eq!(core.edit_queued(&item.id, "other".into()).await.unwrap_err().code, "queue_item_sending");
    assert_eq!(core.send_queued_now(&item.id).await.unwrap_err().code, "queue_item_sending");
    // Nothing after this point of the send runs.
    sending.abort();
    let _ = sending.await;
    core.flush_ledger().await;
    drop(core);
    upstream.open();
    (dir, conversation.id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_turn_cut_while_sending_is_not_resent_until_the_person_decides() {
    let upstream = Gated::start();
    let (dir, conversation) = cut_mid_send(&upstream).await;
    let reopened = Arc::new(open_core_with_queue(dir.path(), fast()).await);
    assert_eq!(reopened.start_queue().await.unwrap(), 1, "one turn was cut");
    assert_eq!(reopened.start_queue().await.unwrap(), 0, "the queue starts once");
    let items = reopened.queue_status().await.unwrap().items;
    assert_eq!(items[0].state, ItemState::NeedsDecision);
    let messages = reopened.list_messages(&conversation).await.unwrap();
    assert_eq!(messages[1].status, MessageStatus::Interrupted);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(upstream.requests().get(&items[0].id), Some(&1), "not resent by itself");
    assert_eq!(reopened.edit_queued(&items[0].id, "hello again".into()).await.unwrap().text, "hello again");

    // Cancelling keeps what the conversation shows: the question and the cut answer.
    reopened.cancel_queued(&items[0].id).await.unwrap();
    assert!(reopened.queue_status().await.unwrap().items.is_empty());
    assert_eq!(reopened.list_messages(&conversation).await.unwrap().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resending_a_cut_turn_sends_it_again_with_the_same_idempotency_key() {
    let upstream = Gated::start();
    let (dir, conversation) = cut_mid_send(&upstream).await;
    let reopened = Arc::new(open_core_with_queue(dir.path(), fast()).await);
    reopened.start_queue().await.unwrap();
    let item = reopened.queue_status().await.unwrap().items.remove(0);
    assert_eq!(item.state, ItemState::NeedsDecision);
    reopened.send_queued_now(&item.id).await.unwrap();
    let answers =
        until(Duration::from_secs(10), "the resent answer", || settled_answers(&reopened, &conversation)).await;
    let saved = reopened.list_messages(&conversation).await.unwrap();
    assert_eq!(answers, vec![(MessageStatus::Complete, "answer: hello".to_owned())], "{:?}", saved[1].error);
    let seen = upstream.requests();
    assert_eq!(seen.get(&item.id), Some(&2), "resent once, on the person's word, under the same key: {seen:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_provider_ends_its_waiting_messages_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let core = Arc::new(open_core_with_queue(dir.path(), fast()).await);
    let provider = core.save_provider(provider("http://127.0.0.1:9/v1")).await.unwrap();
    let conversation = core.create_conversation(None).await.unwrap();
    core.send_message(turn(&conversation.id, &provider.id, "hello", true), &|_| {}).await.unwrap();
    let item = core.queue_status().await.unwrap().items.remove(0);
    core.delete_provider(&provider.id).await.unwrap();
    core.start_queue().await.unwrap();
    core.send_queued_now(&item.id).await.unwrap();
    let answers = until(Duration::from_secs(10), "the error", || settled_answers(&core, &conversation.id)).await;
    assert_eq!(answers[0].0, MessageStatus::Error);
    let saved = core.list_messages(&conversation.id).await.unwrap();
    assert_eq!(saved[1].error.as_ref().unwrap().code, "provider_not_found");
    assert!(core.queue_status().await.unwrap().items.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provider_that_answers_the_probe_with_a_refusal_counts_as_reachable() {
    let port = free_port();
    let mock = AiMock::start_on(port);
    let dir = tempfile::tempdir().unwrap();
    let core = Arc::new(open_core_with_queue(dir.path(), fast()).await);
    let provider = core.save_provider(provider(&mock.base_url)).await.unwrap();
    drop(mock);
    core.start_queue().await.unwrap();
    let conversation = core.create_conversation(None).await.unwrap();
    let sent = core.send_message(turn(&conversation.id, &provider.id, "hello", false), &|_| {}).await.unwrap();
    assert_eq!(sent.status, MessageStatus::Queued);

    // Back on the same port, a server with no model list: the probe's 404 still shows it can be reached.
    let back = Capture::start_on(port, |req| match req.path.ends_with("/models") {
        true => Reply { status: 404, content_type: "application/json", body: r#"{"error":{"message":"no"}}"#.into() },
        false => echo(req),
    });
    let answers = until(Duration::from_secs(20), "the answer", || settled_answers(&core, &conversation.id)).await;
    assert_eq!(answers, vec![(MessageStatus::Complete, "answer: hello".to_owned())]);
    assert!(back.requests().iter().any(|r| r.path.ends_with("/models")), "it was probed before being sent to");
}
