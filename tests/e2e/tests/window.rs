//! The walking skeleton, end to end, in the real window: add a provider pointing at aimock, save its key, test the
//! connection, chat with a streamed answer, stop one, see an error with its trace id, create a gateway access key
//! and run the OpenAI snippet from Settings against the app's gateway, quit, relaunch, and find the conversation
//! still there. Then check the key is in the keychain and nowhere in the data dir or logs.
//!
//! scripts/e2e.sh sets the environment: SWITCHYARD_APP (the built binary), SWITCHYARD_DATA_DIR, AIMOCK_URL,
//! AIMOCK_KEY, E2E_SCREENSHOTS, SDK_PYTHON (a python with the openai SDK), and runs tauri-driver on 127.0.0.1:4444 inside Xvfb and a dbus session with an
//! unlocked gnome-keyring.

use std::path::{Path, PathBuf};

use switchyard_e2e::window::{env, Window};

fn files_containing(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    let mut hits = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            hits.extend(files_containing(&path, needle));
        } else if std::fs::read(&path).unwrap_or_default().windows(needle.len()).any(|w| w == needle) {
            hits.push(path);
        }
    }
    hits
}

const ANSWER: &str = "Hello from aimock! How can I help you today?";

#[test]
fn add_provider_chat_quit_relaunch() {
    let key = env("AIMOCK_KEY");
    let w = Window::launch();
    w.screenshot("01-first-launch");
    w.find("[data-testid=need-provider]");

    // Providers: a custom OpenAI-compatible provider pointing at aimock, with its key.
    w.click("[data-testid=nav-providers]");
    w.click("[data-testid=add-provider]");
    w.click("[data-testid=preset-select] option[value=custom]");
    w.type_into("[data-testid=provider-name]", "aimock");
    w.type_into("[data-testid=provider-base-url]", &env("AIMOCK_URL"));
    w.type_into("[data-testid=provider-api-key]", &key);
    w.type_into("[data-testid=provider-default-model]", "gpt-4o-mini");
    w.screenshot("02-provider-form");
    w.click("[data-testid=provider-save]");
    w.find("[data-testid=provider-card] .badge.ok");
    w.click("[data-testid=provider-test]");
    w.wait_for_text("[data-testid=provider-test-result]", "the connection test result", |t| !t.is_empty());
    assert_eq!(w.count("[data-testid=provider-test-result].ok"), 1, "connection test failed");
    assert!(!w.0.page_source().unwrap().contains(&key), "the key is still in the page after saving");
    w.screenshot("03-provider-saved");

    // A route named "smart" pointing at the provider, for the gateway step below.
    w.click("[data-testid=add-route]");
    w.type_into("[data-testid=route-name]", "smart");
    w.click("[data-testid=routes-card] button[type=submit]");
    w.wait_for_text("[data-testid=routes-card]", "the saved route", |t| {
        t.contains("smart") && t.contains("aimock/gpt-4o-mini")
    });
    w.screenshot("03b-route-saved");

    // Chat: a streamed answer.
    w.click("[data-testid=nav-chat]");
    w.type_into("[data-testid=composer-input]", "hello");
    w.click("[data-testid=send]");
    w.wait_for_text("[data-testid=message-assistant] [data-testid=message-body]", "the streamed answer", |t| {
        t.trim() == ANSWER
    });
    w.find("[data-testid=send]"); // the stop button is gone: the turn finished
    w.screenshot("04-answer");

    // Stop a long answer part-way.
    w.type_into("[data-testid=composer-input]", "tell me a long story");
    w.click("[data-testid=send]");
    w.find("[data-testid=message-assistant].status-streaming");
    w.wait_for_text(
        "[data-testid=message-assistant].status-streaming [data-testid=message-body]",
        "the story to start",
        |t| t.len() > 10,
    );
    w.click("[data-testid=stop]");
    w.find("[data-testid=message-assistant].status-stopped");
    w.screenshot("05-stopped");

    // An upstream refusal shows its code, message and trace id. (A 429 or 5xx would wait in the queue instead: the
    // queue's own e2e test shows that.)
    w.type_into("[data-testid=composer-input]", "trigger 400");
    w.click("[data-testid=send]");
    let banner =
        w.wait_for_text("[data-testid=message-assistant].status-error [data-testid=error-banner]", "the error", |t| {
            t.contains("provider_rejected_request")
        });
    let trace = w.0.text(&w.find("[data-testid=message-assistant].status-error [data-testid=trace-id]")).unwrap();
    assert_eq!(trace.len(), 36, "trace id shown: {trace:?} in {banner:?}");
    w.screenshot("06-error");

    // The same pane through the route: the route picks the provider; the answer says which one answered.
    w.click("[data-testid=target-select] option[value='route:smart']");
    w.find("[data-testid=route-hint]");
    w.type_into("[data-testid=composer-input]", "second question");
    w.click("[data-testid=send]");
    w.wait_for_text("[data-testid=messages]", "the answer through the route", |t| {
        t.contains("Second answer, with context.")
    });
    w.find("[data-testid=send]");
    let by = w.wait_for_text(
        "[data-testid=message-assistant]:last-of-type [data-testid=answered-by]",
        "who answered",
        |t| !t.is_empty(),
    );
    assert_eq!(by, "by aimock", "the route's answer names the provider that took the call");
    w.screenshot("06b-chat-through-route");

    // Settings: the app serves the gateway; a new access key is shown once and works with the pasted snippet.
    w.click("[data-testid=nav-settings]");
    let status =
        w.wait_for_text("[data-testid=gateway-status]", "the running gateway", |t| t.contains("http://127.0.0.1:"));
    let address = status[status.find("http://").unwrap()..].trim().to_owned();
    w.type_into("[data-testid=new-key-name]", "e2e script");
    w.click("[data-testid=create-key]");
    let secret = w.wait_for_text("[data-testid=fresh-key-secret]", "the new key", |t| t.starts_with("sy-"));
    w.screenshot("07-gateway-settings");
    let snippet =
        w.wait_for_text("[data-testid=gateway-card] .snippet pre", "the OpenAI snippet", |t| t.contains(&secret));
    let program = snippet.trim().to_owned();
    let out = std::process::Command::new(env("SDK_PYTHON")).arg("-c").arg(&program).output().expect("python");
    assert!(out.status.success(), "the pasted snippet failed: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), ANSWER, "through the app's gateway at {address}");
    let via_route: serde_json::Value = reqwest::blocking::Client::new()
        .post(format!("{address}/v1/chat/completions"))
        .bearer_auth(&secret)
        .json(&serde_json::json!({ "model": "smart", "messages": [{ "role": "user", "content": "hello" }] }))
        .send()
        .and_then(|r| r.json())
        .expect("gateway call through the route");
    assert_eq!(via_route["choices"][0]["message"]["content"], ANSWER, "{via_route}");
    w.0.quit().unwrap();

    // Relaunch: the conversation and its messages are still there.
    let w = Window::launch();
    w.screenshot("08-relaunched");
    w.wait_for_text("[data-testid=conversation-list]", "the saved conversation", |t| t.contains("hello"));
    w.wait_for_text("[data-testid=messages]", "the saved answer", |t| t.contains(ANSWER));
    assert_eq!(w.count("[data-testid=message-assistant].status-stopped"), 1, "the stopped answer was kept as stopped");
    w.find("[data-testid=route-hint]"); // the route used last is preselected after a relaunch
    w.screenshot("09-after-relaunch");
    w.0.quit().unwrap();

    // The key is in the OS keychain, and nowhere in the data dir or the logs.
    let lookup = std::process::Command::new("secret-tool")
        .args(["search", "--all", "--unlock", "service", "switchyard"])
        .output()
        .expect("secret-tool");
    let found = String::from_utf8_lossy(&lookup.stdout).to_string() + &String::from_utf8_lossy(&lookup.stderr);
    assert!(found.contains(&key), "the key is not in the keychain under service 'switchyard': {found}");
    let data_dir = PathBuf::from(env("SWITCHYARD_DATA_DIR"));
    assert!(data_dir.join("logs").is_dir(), "no log dir at {}", data_dir.display());
    let leaks = files_containing(&data_dir, key.as_bytes());
    assert!(leaks.is_empty(), "the key was written to {leaks:?}");
}
