//! The chat a person switches to, in the real window: a link in an answer opens in the system's browser and the app
//! stays; a code block is copied; an answer regenerated is kept beside the first (‹ 1/2 ›); an edited question
//! branches; reading back while an answer streams keeps the view; a message is deleted only when the in-app dialog
//! says so. Runs after `window`, over the aimock provider it added.

use switchyard_e2e::window::{env, until, Window, CONTROL};

const HELLO: &str = "Hello from aimock! How can I help you today?";
const DOCS: &str = "https://example.com/switchyard/docs";

/// What the stand-in for the system's "open" (scripts/e2e.sh) was asked to open.
fn opened() -> String {
    std::fs::read_to_string(env("OPENED_LOG")).unwrap_or_default()
}

fn number(w: &Window, script: &str) -> f64 {
    w.0.execute(script, vec![]).unwrap().as_f64().unwrap_or_else(|| panic!("{script} gave no number"))
}

fn send(w: &Window, text: &str) {
    w.type_into("[data-testid=composer-input]", text);
    w.click("[data-testid=send]");
}

/// Clicks the last element matching `css` (the newest message's action).
fn press_last(w: &Window, css: &str) {
    w.find(css);
    let script = "const all = document.querySelectorAll(arguments[0]); all[all.length - 1].click(); return true;";
    w.0.execute(script, vec![css.into()]).unwrap();
}

#[test]
fn links_code_regenerate_edit_reading_back_and_delete_work_as_a_chat_app_should() {
    let w = Window::launch();
    let _ = w.0.set_window_size(1200, 900);
    w.click("[data-testid=nav-chat]");
    w.click("[data-testid=new-chat]");

    // A link opens outside; the app stays where it was.
    send(&w, "a link please");
    w.find("[data-testid=message-link]");
    w.find("[data-testid=send]");
    w.click("[data-testid=message-link]");
    until("the link to be handed to the system", || opened().contains(DOCS));
    let here = w.0.execute("return location.href", vec![]).unwrap();
    let here = here.as_str().unwrap();
    assert!(here.starts_with("tauri://") || here.contains("tauri.localhost"), "the webview left the app: {here}");
    w.find("[data-testid=composer-input]");
    w.click("[data-testid=code-copy]");
    w.wait_for_text("[data-testid=code-copy]", "the copy to be confirmed", |t| t.contains("Copied"));
    w.screenshot("30-chat-link-and-code-en-light");

    // Regenerate: the new answer is shown, the first kept beside it.
    w.click("[data-testid=message-assistant] [data-testid=message-regenerate]");
    w.wait_for_text("[data-testid=message-assistant] [data-testid=branch-position]", "the second version", |t| {
        t == "2/2"
    });
    w.find("[data-testid=send]");
    w.click("[data-testid=message-assistant] [data-testid=branch-previous]");
    w.wait_for_text("[data-testid=message-assistant] [data-testid=branch-position]", "the first version", |t| {
        t == "1/2"
    });
    w.wait_for_text("[data-testid=message-assistant] [data-testid=message-body]", "the first answer", |t| {
        t.contains("Read the Switchyard docs")
    });
    w.screenshot("31-chat-regenerated-en-light");

    // Edit the question: a new branch with its own answer; the original question is a version beside it.
    w.click("[data-testid=message-user] [data-testid=message-edit]");
    w.select_text("[data-testid=message-edit-input]");
    w.paste("[data-testid=message-edit-input]", "hello");
    w.click("[data-testid=message-edit-send]");
    w.wait_for_text(
        "[data-testid=message-assistant] [data-testid=message-body]",
        "the edited question's answer",
        |t| t.trim() == HELLO,
    );
    w.wait_for_text("[data-testid=message-user] [data-testid=branch-position]", "the edited version", |t| t == "2/2");
    assert_eq!(w.count("[data-testid=message-user]"), 1, "one question shown: the branch, not both");
    w.screenshot("32-chat-edited-en-light");

    // Reading back while a long answer streams: the view stays; "Jump to latest" follows again.
    send(&w, "a long answer please");
    // Far enough that the list overflows (before that, its top is also its end).
    w.wait_for_text("[data-testid=message-assistant].status-streaming [data-testid=message-body]", "the start", |t| {
        t.contains("Paragraph 20")
    });
    let overflow = number(
        &w,
        "const l = document.querySelector('[data-testid=messages]'); return l.scrollHeight - l.clientHeight",
    );
    assert!(overflow > 200.0, "the answer so far fits the view ({overflow} px over): nothing to read back");
    w.0.execute(
        "const l = document.querySelector('[data-testid=messages]'); l.scrollTop = 0; \
         l.dispatchEvent(new Event('scroll')); return true;",
        vec![],
    )
    .unwrap();
    w.find("[data-testid=jump-to-latest]");
    w.find("[data-testid=send]"); // the answer has ended
    w.wait_for_text("[data-testid=messages]", "the whole answer", |t| t.contains("Paragraph 60"));
    let top = number(&w, "return document.querySelector('[data-testid=messages]').scrollTop");
    assert!(top < 40.0, "the view was pulled down to {top} while reading back");
    w.screenshot("33-chat-read-back-en-light");
    w.click("[data-testid=jump-to-latest]");
    until("the view to reach the end", || {
        number(
            &w,
            "const l = document.querySelector('[data-testid=messages]'); \
             return l.scrollHeight - l.clientHeight - l.scrollTop",
        ) < 40.0
    });

    // Delete asks in the app first; Cancel keeps, Delete removes the message and what follows it.
    press_last(&w, "[data-testid=message-user] [data-testid=message-delete]");
    w.find("[data-testid=confirm-dialog]");
    w.screenshot("34-chat-delete-asks-en-light");
    w.click("[data-testid=confirm-dialog-cancel]");
    assert_eq!(w.count("[data-testid=message-user]"), 2);
    press_last(&w, "[data-testid=message-user] [data-testid=message-delete]");
    w.click("[data-testid=confirm-dialog-confirm]");
    until("the long answer to go", || w.count("[data-testid=message-user]") == 1);
    w.wait_for_text("[data-testid=messages]", "the branch before it", |t| {
        !t.contains("Paragraph") && t.contains(HELLO)
    });

    // Ctrl+K finds an earlier message of another conversation and opens it there.
    w.chord(&[CONTROL, "k"]);
    w.find("[data-testid=search-dialog]");
    w.type_into("[data-testid=search-input]", "second question");
    w.wait_for_text("[data-testid=search-results]", "the earlier question", |t| t.contains("second question"));
    w.screenshot("36-chat-search-en-light");
    w.click("[data-testid=search-result]");
    w.wait_for_text("[data-testid=messages]", "the conversation it is in", |t| {
        t.contains("Second answer, with context.")
    });
    assert_eq!(w.count("[data-testid=search-dialog]"), 0, "the search closes on opening a result");

    // Export as JSON, then import the file back: a second conversation with the same messages.
    let before = w.count("[data-testid=conversation-item]");
    w.click("[data-testid=conversation-export] [data-testid=export-json]");
    let shown = w.wait_for_text("[data-testid=export-path]", "the exported file", |t| t.contains(".json"));
    let path = shown.trim().to_owned();
    assert!(std::path::Path::new(&path).exists(), "exported to {path}");
    w.0.type_text(&w.find("[data-testid=import-file]"), &path).unwrap();
    until("the imported conversation to open", || w.count("[data-testid=conversation-item]") > before);
    w.wait_for_text("[data-testid=messages]", "the imported messages", |t| t.contains("Second answer, with context."));

    // The same in Chinese and dark; then back, for the tests after this one.
    w.switch_look("dark", "zh-CN");
    w.wait_for_text("[data-testid=message-assistant] [data-testid=message-regenerate]", "the Chinese actions", |t| {
        t == "重新生成"
    });
    w.screenshot("35-chat-branches-zh-dark");
    w.switch_look("light", "en");
    let _ = w.0.quit();
}
