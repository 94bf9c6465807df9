//! What keeps the books honest and shows what changed, in the real window: an access key's rate limits, the
//! setting for usage records when the disk is full, and the change history that records both. Pictures in light
//! and dark, English and Chinese.
//!
//! Run last, after tests/queue.rs, over the same data dir, in the environment scripts/e2e.sh sets up.

use std::time::Duration;

use switchyard_e2e::window::Window;

fn switch_look(w: &Window, theme: &str, language: &str) {
    w.click("[data-testid=nav-settings]");
    w.click(&format!("[data-testid=theme-select] option[value={theme}]"));
    w.click(&format!("[data-testid=language-select] option[value='{language}']"));
}

#[test]
fn key_limits_and_the_ledger_setting_are_saved_and_both_appear_in_the_change_history() {
    let w = Window::launch();
    let _ = w.0.set_window_size(1200, 1000);
    switch_look(&w, "light", "en");

    // A key of its own, limited to 60 requests a minute.
    w.type_into("[data-testid=new-key-name]", "limited");
    w.click("[data-testid=create-key]");
    w.0.wait_for("[data-testid=edit-limits]", Duration::from_secs(20)).expect("the new key's limits can be edited");
    let last_key = "[data-testid=access-key]:last-child";
    w.click(&format!("{last_key} [data-testid=edit-limits]"));
    w.type_into(&format!("{last_key} [data-testid=limit-rpm]"), "60");
    w.click(&format!("{last_key} [data-testid=save-limits]"));
    w.wait_for_text(&format!("{last_key} [data-testid=limits-summary]"), "the key's limits", |t| t.contains("60"));
    w.scroll_to("[data-testid=access-keys]");
    w.screenshot("50-gateway-key-limits-en-light");

    // Usage records when the disk is full: keep 50,000, then drop.
    w.scroll_to("[data-testid=ledger-settings]");
    // Select what is there, so the typed number replaces it.
    w.0.execute("document.querySelector('[data-testid=ledger-buffer-rows]').select(); return true;", vec![]).unwrap();
    w.type_into("[data-testid=ledger-buffer-rows]", "50000");
    w.click("[data-testid=ledger-when-full-drop]");
    w.click("[data-testid=save-ledger-settings]");
    w.wait_for_text("[data-testid=ledger-settings]", "the ledger setting saved", |t| t.contains("Saved"));
    w.screenshot("51-settings-ledger-en-light");

    // Both changes are in the history, newest first, with where they came from.
    w.scroll_to("[data-testid=change-history]");
    w.click("[data-testid=history-refresh]");
    let history = w.wait_for_text("[data-testid=change-history]", "both changes in the history", |t| {
        t.contains("limited") && (t.contains("50,000") || t.contains("50000"))
    });
    assert!(history.contains("App"), "the source is shown: {history}");
    w.screenshot("52-settings-history-en-light");

    switch_look(&w, "dark", "zh-CN");
    w.scroll_to("[data-testid=access-keys]");
    w.screenshot("53-gateway-key-limits-zh-dark");
    w.scroll_to("[data-testid=ledger-settings]");
    w.screenshot("54-settings-ledger-zh-dark");
    w.scroll_to("[data-testid=change-history]");
    w.screenshot("55-settings-history-zh-dark");
    switch_look(&w, "light", "en");
    // The driver holds one session at a time: the tests after this one need it ended.
    w.0.quit().unwrap();
}
