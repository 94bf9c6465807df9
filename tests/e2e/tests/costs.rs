//! What it costs, in the real window: after the window test (same data dir, its provider "aimock" and its calls),
//! set a price for aimock's model, chat, open Usage, see the spend and the call in the log, open its trace, export
//! CSV and read the file back — then look at the Usage screen in dark and in Chinese.
//!
//! scripts/e2e.sh runs it after tests/window.rs with the same environment plus SWITCHYARD_EXPORT_DIR.

use std::path::PathBuf;

use switchyard_e2e::window::{env, Window};

/// The price set below: $2.50 per million input tokens, $10 per million output tokens.
const INPUT_PER_MILLION: &str = "2.50";
const OUTPUT_PER_MILLION: &str = "10";

fn money_shown(text: &str) -> bool {
    text.contains('$') && text.chars().any(|c| c.is_ascii_digit() && c != '0')
}

#[test]
fn price_a_model_chat_and_find_the_spend_on_the_usage_screen() {
    let w = Window::launch();

    // Calls made before any price was known are counted as unpriced, not as free.
    w.click("[data-testid=nav-usage]");
    w.find("[data-testid=usage-screen]");
    w.wait_for_text("[data-testid=total-unpriced]", "the unpriced calls of the window test", |t| !t.is_empty());
    w.screenshot("10-usage-unpriced");

    // A price for aimock's model.
    w.click("[data-testid=usage-tab-prices]");
    w.click("[data-testid=add-price]");
    w.click("[data-testid=price-editor] select option:nth-child(2)");
    w.type_into("[data-testid=price-model]", "gpt-4o-mini");
    w.type_into("[data-testid=price-input]", INPUT_PER_MILLION);
    w.type_into("[data-testid=price-output]", OUTPUT_PER_MILLION);
    w.screenshot("11-price-form");
    w.click("[data-testid=price-save]");
    w.wait_for_text("[data-testid=price-table]", "the saved price", |t| t.contains("gpt-4o-mini"));
    w.screenshot("12-price-saved");

    // A chat answer shows what it cost, and the conversation its total.
    w.click("[data-testid=nav-chat]");
    w.click("[data-testid=new-chat]");
    w.type_into("[data-testid=composer-input]", "hello");
    w.click("[data-testid=send]");
    let cost = w.wait_for_text("[data-testid=message-cost]", "the answer's cost", money_shown);
    w.wait_for_text("[data-testid=conversation-cost]", "the conversation's total", money_shown);
    w.screenshot("13-chat-cost");

    // The Usage screen: today's spend, and the call in the log with its trace.
    w.click("[data-testid=nav-usage]");
    w.click("[data-testid=usage-tab-overview]");
    w.click("[data-testid=range-today]");
    w.wait_for_text("[data-testid=total-spend]", "today's spend", money_shown);
    w.screenshot("14-usage-overview-en-light");
    w.click("[data-testid=usage-tab-log]");
    let row = w.wait_for_text("[data-testid=log-row]", "the newest call in the log", |t| t.contains("gpt-4o-mini"));
    assert!(money_shown(&row), "the logged call shows its cost: {row:?} (the answer said {cost:?})");
    w.press("[data-testid=log-row]");
    w.wait_for_text("[data-testid=trace-detail]", "the call's trace", |t| t.contains("gpt-4o-mini"));
    w.screenshot("15-usage-log-trace");

    // Export the filtered view as CSV and read it back.
    w.click("[data-testid=export-csv]");
    let written = w.wait_for_text("[data-testid=export-notice] code", "the exported file", |t| t.ends_with(".csv"));
    let path = PathBuf::from(written.trim());
    assert!(path.starts_with(env("SWITCHYARD_EXPORT_DIR")), "{path:?} is not in the export dir");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("the export {path:?} cannot be read: {e}"));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let (model, cost) = (col(&header, "model"), col(&header, "cost_usd_micros"));
    let priced: Vec<i64> = lines
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|cells| cells.get(model) == Some(&"gpt-4o-mini"))
        .filter_map(|cells| cells.get(cost).and_then(|c| c.parse().ok()))
        .collect();
    assert!(priced.iter().any(|c| *c > 0), "no priced gpt-4o-mini row in {path:?}:\n{text}");
    w.screenshot("16-usage-exported");

    // The same screen in dark and in Chinese.
    w.click("[data-testid=nav-settings]");
    w.click("[data-testid=theme-select] option[value=dark]");
    w.click("[data-testid=language-select] option[value='zh-CN']");
    w.click("[data-testid=nav-usage]");
    w.click("[data-testid=usage-tab-overview]");
    w.wait_for_text("[data-testid=usage-screen]", "the Chinese Usage screen", |t| {
        t.contains("用量") || t.contains("花费")
    });
    w.wait_for_text("[data-testid=total-spend]", "the spend in dark", money_shown);
    w.screenshot("17-usage-overview-zh-dark");
    w.click("[data-testid=usage-tab-budgets]");
    w.find("[data-testid=add-budget]");
    w.click("[data-testid=add-budget]");
    w.find("[data-testid=budget-editor]");
    w.screenshot("18-usage-budgets-zh-dark");
    w.click("[data-testid=nav-settings]");
    w.click("[data-testid=theme-select] option[value=light]");
    w.click("[data-testid=language-select] option[value=en]");
    w.0.quit().unwrap();
}

fn col(header: &[&str], name: &str) -> usize {
    header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("no {name} column in {header:?}"))
}
