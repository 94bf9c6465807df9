//! Side-by-side compare in the real window: a second provider is added, a compare pane opens on it beside the
//! first, one message is answered in both panes (each with its figures), Ctrl+\ adds a pane and × closes it, and
//! "Continue alone" ends the compare with nothing lost; a thumb up with a note shows under the answer and in the
//! usage log. Runs after `desktop`, over the aimock provider `window` added; it leaves a second aimock provider
//! ("aimock-b") for the update test, which only reads conversations.

use switchyard_e2e::window::{env, until, Window, CONTROL};

const HELLO: &str = "Hello from aimock! How can I help you today?";

/// The provider picked in each compare pane, by its name as the picker shows it.
fn pane_providers(w: &Window) -> Vec<String> {
    let script = "return [...document.querySelectorAll('[data-testid=compare-pane] [data-testid=target-select]')]
        .map(s => s.selectedOptions[0]?.textContent ?? '')";
    let names = w.0.execute(script, vec![]).unwrap();
    names.as_array().unwrap().iter().map(|n| n.as_str().unwrap_or_default().to_owned()).collect()
}

fn answers_in_panes(w: &Window) -> Vec<String> {
    let script = "return [...document.querySelectorAll('[data-testid=compare-pane]')]
        .map(p => [...p.querySelectorAll('[data-testid=message-assistant] [data-testid=message-body]')].pop()?.textContent ?? '')";
    let texts = w.0.execute(script, vec![]).unwrap();
    texts.as_array().unwrap().iter().map(|n| n.as_str().unwrap_or_default().to_owned()).collect()
}

#[test]
fn two_providers_side_by_side_answer_one_message_and_the_compare_ends_without_losing_anything() {
    let w = Window::launch();
    let _ = w.0.set_window_size(1280, 900);

    // A second provider, so the compare is of two.
    w.click("[data-testid=nav-providers]");
    w.click("[data-testid=add-provider]");
    w.click("[data-testid=preset-select] option[value=custom]");
    w.type_into("[data-testid=provider-name]", "aimock-b");
    w.type_into("[data-testid=provider-base-url]", &env("AIMOCK_URL"));
    w.type_into("[data-testid=provider-api-key]", &env("AIMOCK_KEY"));
    w.type_into("[data-testid=provider-default-model]", "gpt-4o");
    w.click("[data-testid=provider-save]");
    until("the second provider card", || w.count("[data-testid=provider-card]") >= 2);

    // The first pane on the first provider (not a route): the new pane then takes the other one.
    w.click("[data-testid=nav-chat]");
    w.click("[data-testid=new-chat]");
    w.click("[data-testid=target-select] option[value^='provider:']");
    w.click("[data-testid=compare-add]");
    until("two panes", || w.count("[data-testid=compare-pane]") == 2);
    let providers = pane_providers(&w);
    assert_eq!(providers.len(), 2);
    assert_eq!(providers[0], "aimock");
    assert_ne!(providers[1], "aimock", "the new pane is on a provider the first does not use");
    // Earlier tests left other providers too: the second pane is set to aimock-b, as a person would.
    let script = "const o = [...document.querySelectorAll('[data-testid=compare-pane]')][1]
        .querySelector('[data-testid=target-select]').querySelectorAll('option');
        return [...o].find(x => x.textContent === 'aimock-b').value";
    let value = w.0.execute(script, vec![]).unwrap();
    let value = value.as_str().unwrap();
    w.click(&format!("[data-testid=compare-pane]:nth-child(2) [data-testid=target-select] option[value='{value}']"));
    until("the second pane on aimock-b", || pane_providers(&w) == ["aimock", "aimock-b"]);

    // One message, answered in both panes, each with its own figures.
    w.type_into("[data-testid=composer-input]", "hello");
    w.click("[data-testid=send]");
    until("both panes to answer", || answers_in_panes(&w).iter().all(|a| a.contains(HELLO)));
    until("both panes' figures", || w.count("[data-testid=pane-stats][data-state=ended]") == 2);
    let stats =
        w.wait_for_text("[data-testid=compare-pane] [data-testid=pane-stats]", "the first pane's figures", |t| {
            t.contains("first token")
        });
    assert!(stats.contains("tokens out"), "{stats}");
    assert_eq!(
        w.count("[data-testid=conversation-item] [data-testid=compare-badge]"),
        1,
        "one sidebar item for the compare"
    );
    w.screenshot("37-chat-compare-en-light");

    // Ctrl+\ adds a third pane; × closes it again.
    w.chord(&[CONTROL, "\\"]);
    until("three panes", || w.count("[data-testid=compare-pane]") == 3);
    let script = "const all = document.querySelectorAll('[data-testid=compare-close]'); all[all.length - 1].click(); return true;";
    w.0.execute(script, vec![]).unwrap();
    until("two panes again", || w.count("[data-testid=compare-pane]") == 2);

    w.switch_look("dark", "zh-CN");
    w.wait_for_text("[data-testid=compare-promote]", "the Chinese pane actions", |t| t == "单独继续");
    w.screenshot("38-chat-compare-zh-dark");
    w.switch_look("light", "en");

    // Continue alone with the second pane: one pane, its answer there, every conversation kept.
    let items = w.count("[data-testid=conversation-item]");
    let script = "document.querySelectorAll('[data-testid=compare-promote]')[1].click(); return true;";
    w.0.execute(script, vec![]).unwrap();
    until("the compare to end", || w.count("[data-testid=compare]") == 0);
    w.wait_for_text("[data-testid=messages]", "the second pane's answer, alone", |t| t.contains(HELLO));
    until("each pane's conversation in the list", || w.count("[data-testid=conversation-item]") == items + 1);

    // A thumb up with a note on that answer: shown under it, and on its call's row in the usage log.
    w.click("[data-testid=message-assistant] [data-testid=feedback-up]");
    w.click("[data-testid=feedback-note-edit]");
    w.type_into("[data-testid=feedback-note-input]", "Short and right");
    w.click("[data-testid=feedback-note-save]");
    w.wait_for_text("[data-testid=feedback-note]", "the note under the answer", |t| t.contains("Short and right"));
    w.screenshot("39-chat-feedback-en-light");
    w.click("[data-testid=nav-usage]");
    w.click("[data-testid=usage-tab-log]");
    w.wait_for_text("[data-testid=log-feedback]", "the rating in the usage log", |t| t.contains("Short and right"));
    w.scroll_to("[data-testid=log-feedback]");
    w.screenshot("40-usage-log-feedback-en-light");
    let _ = w.0.quit();
}
