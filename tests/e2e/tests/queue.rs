//! The offline queue, in the real window: a provider "Away" pointing at an aimock this test starts and stops on
//! its own port; with it stopped, two messages sent in a new chat wait in the queue (1st and 2nd) — in the chat, in
//! the Queue view and in the sidebar's count; with it started again on the same port, both answers arrive in order
//! without a click and the Queue view empties. Pictures in light and dark, English and Chinese.
//!
//! Run after tests/window.rs, costs.rs and cache.rs over the same data dir, in the environment scripts/e2e.sh sets
//! up (AIMOCK_KEY is the key this test's aimock accepts too).

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use switchyard_e2e::window::{env, Window};

const HELLO: &str = "Hello from aimock! How can I help you today?";
const SECOND: &str = "Second answer, with context.";
const PROVIDER: &str = "Away";

/// The core probes an unreachable provider with a backoff that starts at 2 s and doubles; the mock is down for about
/// a minute here, so the probe after it is back may come some 60 s later.
const DRAIN_WITHIN: Duration = Duration::from_secs(150);

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `@copilotkit/aimock` with the core's fixtures, on a port of this test's choosing; dropping it kills it.
struct AiMock {
    child: Child,
    port: u16,
}

impl AiMock {
    fn start_on(port: u16, key: &str) -> Self {
        let root = repo_root();
        let cli = root.join("node_modules/@copilotkit/aimock/dist/cli.js");
        assert!(
            cli.exists(),
            "aimock is not installed: run `npm ci` at the repository root ({} missing)",
            cli.display()
        );
        let child = Command::new("node")
            .arg(&cli)
            .args(["--port", &port.to_string(), "--host", "127.0.0.1", "--fixtures"])
            .arg(root.join("crates/core/tests/fixtures/aimock.json"))
            .args(["--log-level", "warn"])
            .env("AIMOCK_API_KEYS", key)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("node must be installed to run aimock");
        let mock = AiMock { child, port };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "aimock did not listen on port {port} within 30 s");
            std::thread::sleep(Duration::from_millis(50));
        }
        mock
    }

    fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}/v1", self.port)
    }
}

impl Drop for AiMock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `script` in the page until `ok` holds for its result, for up to `within`; returns the result.
fn poll(
    w: &Window,
    what: &str,
    within: Duration,
    script: &str,
    args: Vec<Value>,
    ok: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = Instant::now() + within;
    let mut last = Value::Null;
    while Instant::now() < deadline {
        if let Ok(value) = w.0.execute(script, args.clone()) {
            if ok(&value) {
                return value;
            }
            last = value;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    panic!("timed out after {within:?} waiting for {what}; last seen: {last}");
}

/// The queue positions of the notices under the chat's queued answers, top to bottom.
const NOTICE_POSITIONS: &str = "return [...document.querySelectorAll('[data-testid=queued-notice]')]
    .map(n => n.dataset.queuePosition ?? n.dataset.state);";

/// The Queue view's items: position and state of each, in the order shown.
const QUEUE_ROWS: &str = "return [...document.querySelectorAll('[data-testid=queue-item]')]
    .map(r => [r.dataset.queuePosition, r.dataset.state, r.querySelector('[data-testid=queue-question]').textContent]);";

/// Every answer's text in the open conversation, top to bottom.
const ANSWERS: &str = "return [...document.querySelectorAll('[data-testid=message-assistant]')]
    .map(m => [m.className.includes('status-complete'), m.querySelector('[data-testid=message-body]').textContent.trim()]);";

/// The reachability shown on the card of the provider named arguments[0].
const CARD_REACH: &str = "const card = [...document.querySelectorAll('[data-testid=provider-card]')]
    .find(c => c.querySelector('h3')?.textContent === arguments[0]);
  return card ? card.querySelector('[data-testid=reachability]').dataset.state : null;";

fn switch_look(w: &Window, theme: &str, language: &str) {
    w.click("[data-testid=nav-settings]");
    w.click(&format!("[data-testid=theme-select] option[value={theme}]"));
    w.click(&format!("[data-testid=language-select] option[value='{language}']"));
}

#[test]
fn messages_sent_while_the_provider_is_down_wait_and_go_in_order_when_it_is_back() {
    let key = env("AIMOCK_KEY");
    let port = free_port();
    let mock = AiMock::start_on(port, &key);
    let w = Window::launch();
    let _ = w.0.set_window_size(1200, 1000);

    // The earlier tests left nothing waiting (a retried error gives up after a few attempts): positions start at 1.
    w.click("[data-testid=nav-queue]");
    w.0.wait_for("[data-testid=queue-empty]", Duration::from_secs(120))
        .unwrap_or_else(|e| panic!("the queue is not empty before this test: {e}"));
    assert_eq!(w.count("[data-testid=queue-badge]"), 0, "no count beside Queue while nothing waits");

    // Providers: "Away", pointing at this test's aimock, with its key; its connection works.
    w.click("[data-testid=nav-providers]");
    w.click("[data-testid=add-provider]");
    w.click("[data-testid=preset-select] option[value=custom]");
    w.type_into("[data-testid=provider-name]", PROVIDER);
    w.type_into("[data-testid=provider-base-url]", &mock.base_url());
    w.type_into("[data-testid=provider-api-key]", &key);
    w.type_into("[data-testid=provider-default-model]", "gpt-4o-mini");
    w.click("[data-testid=provider-save]");
    let test_it = "const card = [...document.querySelectorAll('[data-testid=provider-card]')]
        .find(c => c.querySelector('h3')?.textContent === arguments[0]);
      if (!card) return false;
      card.querySelector('[data-testid=provider-test]').click();
      return true;";
    poll(&w, "the card of Away", Duration::from_secs(20), test_it, vec![PROVIDER.into()], |v| v == &json!(true));
    let tested = "const card = [...document.querySelectorAll('[data-testid=provider-card]')]
        .find(c => c.querySelector('h3')?.textContent === arguments[0]);
      return !!card?.querySelector('[data-testid=provider-test-result].ok');";
    poll(&w, "Away's connection test", Duration::from_secs(30), tested, vec![PROVIDER.into()], |v| v == &json!(true));
    w.screenshot("40-provider-away-added");

    // Away goes down.
    drop(mock);
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err(), "aimock still listens on {port} after it was killed");

    // A new chat with Away's model.
    w.click("[data-testid=nav-chat]");
    w.click("[data-testid=new-chat]");
    let option = "const o = [...document.querySelectorAll('[data-testid=target-select] option')]
        .find(o => o.textContent === arguments[0]);
      return o ? o.value : null;";
    let value = poll(&w, "Away in the target picker", Duration::from_secs(20), option, vec![PROVIDER.into()], |v| {
        v.is_string()
    });
    w.click(&format!("[data-testid=target-select] option[value='{}']", value.as_str().unwrap()));
    let model = "return document.querySelector('[data-testid=model-input]')?.value ?? null;";
    poll(&w, "Away's default model", Duration::from_secs(10), model, vec![], |v| v == &json!("gpt-4o-mini"));

    // Two messages: the first is tried, cannot connect and waits; the second waits behind it.
    w.type_into("[data-testid=composer-input]", "hello");
    w.click("[data-testid=send]");
    poll(&w, "the first message queued", Duration::from_secs(60), NOTICE_POSITIONS, vec![], |v| v == &json!(["1"]));
    w.find("[data-testid=send]"); // the composer is free again: a queued message does not hold it
    w.type_into("[data-testid=composer-input]", "second question");
    w.click("[data-testid=send]");
    poll(&w, "both messages queued, 1st and 2nd", Duration::from_secs(60), NOTICE_POSITIONS, vec![], |v| {
        v == &json!(["1", "2"])
    });
    assert_eq!(w.count("[data-testid=message-assistant].status-queued"), 2, "both answers are queued placeholders");
    let headings = w.wait_for_text("[data-testid=messages]", "the queued notices", |t| t.contains("2nd in the queue"));
    assert!(headings.contains("Queued · 1st in the queue"), "{headings:?}");
    w.wait_for_text("[data-testid=queue-badge]", "the sidebar's count", |t| t.trim() == "2");
    w.screenshot("41-chat-two-queued-en-light");

    // The Queue view: both, in order, with the provider shown offline.
    w.click("[data-testid=nav-queue]");
    let rows = poll(&w, "two items in the Queue view", Duration::from_secs(30), QUEUE_ROWS, vec![], |v| {
        v.as_array().is_some_and(|rows| rows.len() == 2)
    });
    assert_eq!(rows, json!([["1", "queued", "hello"], ["2", "queued", "second question"]]), "the Queue view's items");
    let away = "return [...document.querySelectorAll('[data-testid=queue-provider]')]
        .find(p => p.textContent.startsWith(arguments[0]))?.querySelector('[data-testid=reachability]').dataset.state ?? null;";
    poll(&w, "Away offline in the Queue view", Duration::from_secs(30), away, vec![PROVIDER.into()], |v| {
        v == &json!("offline")
    });
    w.wait_for_text("[data-testid=queue-limits]", "the limits used", |t| t.starts_with("2 of 100 messages"));
    w.screenshot("42-queue-two-waiting-en-light");
    w.click("[data-testid=nav-providers]");
    poll(&w, "Away's card offline", Duration::from_secs(30), CARD_REACH, vec![PROVIDER.into()], |v| {
        v == &json!("offline")
    });
    w.screenshot("43-providers-away-offline");

    // Dark and Chinese, while they wait: Settings' queue card, the Queue view, the chat.
    switch_look(&w, "dark", "zh-CN");
    w.scroll_to("[data-testid=queue-settings]");
    w.wait_for_text("[data-testid=queue-settings]", "the Chinese queue card", |t| t.contains("离线队列"));
    w.screenshot("44-settings-queue-zh-dark");
    w.click("[data-testid=nav-queue]");
    w.wait_for_text("[data-testid=queue-list]", "the Chinese Queue view", |t| t.contains("排队中"));
    w.screenshot("45-queue-two-waiting-zh-dark");
    w.click("[data-testid=nav-chat]");
    w.wait_for_text("[data-testid=messages]", "the Chinese queued notices", |t| t.contains("队列第 2 位"));
    w.screenshot("46-chat-two-queued-zh-dark");
    switch_look(&w, "light", "en");
    w.click("[data-testid=nav-chat]");
    w.wait_for_text("[data-testid=messages]", "the English notices again", |t| t.contains("2nd in the queue"));

    // Away comes back on the same port: both answers arrive, in order, with no click.
    let _back = AiMock::start_on(port, &key);
    let answers = poll(&w, "both answers, in order", DRAIN_WITHIN, ANSWERS, vec![], |v| {
        v == &json!([[true, HELLO], [true, SECOND]])
    });
    assert_eq!(w.count("[data-testid=queued-notice]"), 0, "no queued notice is left: {answers}");
    w.screenshot("47-chat-delivered-en-light");

    // The Queue view empties, and the count goes.
    w.click("[data-testid=nav-queue]");
    w.0.wait_for("[data-testid=queue-empty]", Duration::from_secs(30)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(w.count("[data-testid=queue-badge]"), 0, "the sidebar's count is gone");
    poll(&w, "Away online again", Duration::from_secs(30), away, vec![PROVIDER.into()], |v| v == &json!("online"));
    w.screenshot("48-queue-empty-en-light");
    switch_look(&w, "dark", "en");
    w.click("[data-testid=nav-queue]");
    w.find("[data-testid=queue-empty]");
    w.screenshot("49-queue-empty-en-dark");

    // Back to how the other tests expect the app.
    switch_look(&w, "light", "en");
    w.0.quit().unwrap();
}
