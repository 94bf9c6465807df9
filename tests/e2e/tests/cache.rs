//! The response cache, in the real window: after the window and costs tests (same data dir: the provider "aimock",
//! the route "smart", a price for gpt-4o-mini), set the cache to answer every request, ask the same question in
//! two new chats and see the second answered from the cache with what it saved; find the hit on the Usage screen
//! and in the log; look at a route's cache choice and the Settings card, in light/English and dark/Chinese; clear
//! the cache and see it empty.
//!
//! Run after tests/window.rs and tests/costs.rs, in the environment scripts/e2e.sh sets up.

use switchyard_e2e::window::Window;

const ANSWER: &str = "Hello from aimock! How can I help you today?";

fn ask_in_a_new_chat(w: &Window, text: &str) {
    w.click("[data-testid=nav-chat]");
    w.click("[data-testid=new-chat]");
    w.type_into("[data-testid=composer-input]", text);
    w.click("[data-testid=send]");
    w.wait_for_text("[data-testid=message-assistant] [data-testid=message-body]", "the answer", |t| t.trim() == ANSWER);
    w.find("[data-testid=send]"); // the turn finished
}

#[test]
fn the_second_identical_question_is_answered_from_the_cache() {
    let w = Window::launch();
    // A taller window, so a whole card fits in one picture (the screen is grown to match by the caller, if it can).
    let _ = w.0.set_window_size(1200, 1000);

    // Settings: the cache card, as a new user sees it (deterministic only, the default).
    w.click("[data-testid=nav-settings]");
    w.scroll_to("[data-testid=cache-settings]");
    w.wait_for_text("[data-testid=cache-settings]", "the cache card", |t| t.contains("Response cache"));
    w.find("[data-testid=cache-stats]");
    w.screenshot("20-settings-cache-en-light");

    // Answer every request from the cache, sampled ones too.
    w.click("[data-testid=cache-policy-always]");
    w.wait_for_text("[data-testid=cache-settings]", "the saved policy", |_| {
        let checked = "return document.querySelector('[data-testid=cache-policy-always]').checked;";
        w.0.execute(checked, vec![]).ok() == Some(serde_json::Value::Bool(true))
    });

    // The same question twice: the first goes to aimock and is kept, the second is replayed.
    ask_in_a_new_chat(&w, "hello");
    assert_eq!(w.count("[data-testid=message-cached]"), 0, "the first answer came from the provider");
    ask_in_a_new_chat(&w, "hello");
    let badge = w.wait_for_text("[data-testid=message-cached]", "the cached badge", |t| t.starts_with("Cached"));
    assert!(badge.contains("saved $"), "a priced first call shows its saving: {badge:?}");
    w.screenshot("21-chat-cached-answer");

    // Usage: today's hit ratio and saving, and the hit in the log.
    w.click("[data-testid=nav-usage]");
    w.click("[data-testid=usage-tab-overview]");
    w.click("[data-testid=range-today]");
    w.wait_for_text("[data-testid=total-cache-ratio]", "today's hit ratio", |t| t.ends_with('%'));
    w.find("[data-testid=total-cache-saved]");
    w.find("[data-testid=chart-requests]");
    w.screenshot("22-usage-cache-en-light");
    w.click("[data-testid=usage-tab-log]");
    w.wait_for_text("[data-testid=usage-log]", "the cached call in the log", |t| t.contains("Cached"));
    w.find("[data-testid=log-row] .badge.cached");
    w.screenshot("23-usage-log-cached");

    // Providers: a route's cache choice.
    w.click("[data-testid=nav-providers]");
    w.scroll_to("[data-testid=routes-card]");
    w.click("[data-testid=routes-card] .route button");
    w.find("[data-testid=route-cache]");
    w.click("[data-testid=route-cache] option[value=deterministic]");
    w.scroll_to("[data-testid=routes-card]");
    w.screenshot("24-routes-cache-en-light");
    w.click("[data-testid=route-cancel]");

    // Settings again: what is kept now.
    w.click("[data-testid=nav-settings]");
    w.scroll_to("[data-testid=cache-settings]");
    w.wait_for_text("[data-testid=cache-entries]", "the kept answer", |t| t.trim() != "0");
    w.wait_for_text("[data-testid=cache-hit-ratio]", "the hit ratio", |t| t.ends_with('%'));
    w.screenshot("25-settings-cache-filled-en-light");

    // Dark and Chinese.
    w.click("[data-testid=theme-select] option[value=dark]");
    w.click("[data-testid=language-select] option[value='zh-CN']");
    w.scroll_to("[data-testid=cache-settings]");
    w.wait_for_text("[data-testid=cache-settings]", "the Chinese cache card", |t| t.contains("响应缓存"));
    w.screenshot("26-settings-cache-zh-dark");
    w.click("[data-testid=nav-usage]");
    w.click("[data-testid=usage-tab-overview]");
    w.wait_for_text("[data-testid=total-cache]", "the Chinese cache total", |t| t.contains("缓存命中率"));
    // The charts are drawn again for the new theme: the picture waits for them.
    w.find("[data-testid=chart-requests] .recharts-surface");
    w.screenshot("27-usage-cache-zh-dark");
    w.click("[data-testid=nav-providers]");
    w.click("[data-testid=routes-card] .route button");
    w.find("[data-testid=route-cache]");
    w.scroll_to("[data-testid=routes-card]");
    w.screenshot("28-routes-cache-zh-dark");
    w.click("[data-testid=route-cancel]");
    w.click("[data-testid=nav-chat]");
    w.find("[data-testid=message-cached]");
    w.screenshot("29-chat-cached-zh-dark");

    // Clear everything, after a confirmation.
    w.click("[data-testid=nav-settings]");
    w.scroll_to("[data-testid=cache-settings]");
    w.click("[data-testid=cache-clear-all]");
    w.find("[data-testid=cache-confirm-all]");
    w.scroll_to("[data-testid=cache-confirm-all]");
    w.screenshot("30-settings-cache-confirm-zh-dark");
    w.click("[data-testid=cache-clear-all-confirm]");
    w.find("[data-testid=cache-cleared]");
    w.wait_for_text("[data-testid=cache-entries]", "the empty cache", |t| t.trim() == "0");
    w.scroll_to("[data-testid=cache-recent]");
    w.screenshot("31-settings-cache-cleared-zh-dark");

    // Back to how the other tests expect the app.
    w.click("[data-testid=cache-policy-deterministic]");
    w.click("[data-testid=theme-select] option[value=light]");
    w.click("[data-testid=language-select] option[value=en]");
    w.0.quit().unwrap();
}
