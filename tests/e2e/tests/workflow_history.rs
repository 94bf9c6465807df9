//! Workflow history in the real window, after tests/workflows.rs (same data dir: its workflow Start → LLM → End is
//! the one open): commit, change the End node and see the diff listed and coloured on the canvas, branch, change
//! the End node both ways on the two branches (and the LLM prompt on the branch only), merge with the one conflict
//! resolved in the merge dialog, restore the first version, export the YAML with its history and import it back
//! (the imported workflow exports the same bytes). Screenshots of the diff and the merge conflict, in light/English
//! and dark/Chinese.
//!
//! Run after tests/workflows.rs, in the environment scripts/e2e.sh sets up.

use switchyard_e2e::window::Window;

const END_OUTPUT: &str = "[data-testid=wf-end-outputs] textarea";

fn node(id: &str) -> String {
    format!(".react-flow__node[data-id=\"{id}\"]")
}

fn select_node(w: &Window, id: &str) {
    w.click(&format!("{} .wf-node-head", node(id)));
    w.find("[data-testid=wf-node-panel]");
}

fn saved(w: &Window) {
    w.wait_for_text("[data-testid=wf-save-state]", "the saved draft", |_| w.count(".wf-save.saved") == 1);
}

fn set_end_output(w: &Window, text: &str) {
    select_node(w, "end_1");
    w.select_text(END_OUTPUT);
    w.type_into(END_OUTPUT, text);
    saved(w);
}

fn end_output(w: &Window) -> String {
    select_node(w, "end_1");
    let script = "return document.querySelector(arguments[0]).value;";
    w.0.execute(script, vec![END_OUTPUT.into()]).unwrap().as_str().unwrap_or_default().to_owned()
}

fn commit(w: &Window, message: &str) {
    open_history(w);
    let before = w.count("[data-testid=wf-version]");
    w.click("[data-testid=wf-commit-open]");
    w.type_into("[data-testid=wf-commit-message]", message);
    w.click("[data-testid=wf-commit-submit]");
    open_history(w);
    w.wait_for_text("[data-testid=wf-history-panel]", "the new version", |t| t.contains(message));
    assert_eq!(w.count("[data-testid=wf-version]"), before + 1, "one version more after committing {message}");
}

fn open_history(w: &Window) {
    if w.count("[data-testid=wf-history-panel]") == 0 {
        w.click("[data-testid=wf-history-tab]");
    }
    w.find("[data-testid=wf-history-panel]");
}

/// Presses a button of the version row whose text holds `message` (newest first: the first such row).
fn press_in_version(w: &Window, message: &str, button: &str) {
    let script = r#"
        const [message, button] = arguments;
        const row = [...document.querySelectorAll('[data-testid=wf-version]')].find(r => r.textContent.includes(message));
        if (!row) return 'no version row holds ' + message;
        const b = row.querySelector(`[data-testid=${button}]`);
        if (!b) return 'the row of ' + message + ' has no ' + button;
        b.click();
        return 'ok';"#;
    let done = w.0.execute(script, vec![message.into(), button.into()]).unwrap();
    assert_eq!(done, serde_json::Value::String("ok".into()));
}

fn switch_to(w: &Window, branch: &str) {
    w.click("[data-testid=wf-branch-switcher]");
    w.click(&format!("[data-testid=wf-branch-option-{branch}]"));
    w.wait_for_text("[data-testid=wf-branch-switcher]", "the branch switched", |t| t.contains(branch));
}

fn exported(w: &Window) -> String {
    w.click("[data-testid=wf-export-open]");
    let checked =
        w.0.execute("return document.querySelector('[data-testid=wf-export-history]').checked;", vec![]).unwrap();
    if checked != serde_json::Value::Bool(true) {
        w.click("[data-testid=wf-export-history]");
    }
    let before =
        w.0.execute(
            "const e = document.querySelector('[data-testid=wf-export-path]'); return e ? e.textContent : '';",
            vec![],
        )
        .unwrap();
    w.click("[data-testid=wf-export-yaml]");
    let path = w.wait_for_text("[data-testid=wf-export-path]", "the exported file's path", |t| {
        t.contains(".yaml") && serde_json::Value::String(t.to_owned()) != before
    });
    let path = path.trim();
    let start = path.find('/').expect("an absolute path");
    std::fs::read_to_string(&path[start..]).unwrap_or_else(|e| panic!("read the export {path}: {e}"))
}

#[test]
fn commit_diff_branch_merge_restore_export_and_import_a_workflow() {
    let w = Window::launch();
    let _ = w.0.set_window_size(1280, 1000);
    w.click("[data-testid=nav-workflows]");
    w.find(&node("end_1"));

    commit(&w, "First version");
    let first = end_output(&w);

    // A change, seen as a diff against the first version: listed, and coloured on the canvas.
    set_end_output(&w, "Result: {{llm_1.text}}");
    open_history(&w);
    press_in_version(&w, "First version", "wf-version-diff");
    let listed =
        w.wait_for_text("[data-testid=wf-diff-list]", "the diff", |t| t.contains("end_1") || t.contains("End"));
    assert!(listed.contains("Result: {{llm_1.text}}"), "the new value is listed: {listed:?}");
    w.find(&format!("{}[data-diff=changed], {} [data-diff=changed]", node("end_1"), node("end_1")));
    assert_eq!(w.count("[data-diff=added]"), 0, "nothing was added");
    w.screenshot("70-history-diff-en-light");
    w.click("[data-testid=wf-diff-close]");
    commit(&w, "Result wording");

    // A branch from here, with its own change to the same field and a change only it makes.
    w.click("[data-testid=wf-branch-switcher]");
    w.click("[data-testid=wf-branch-new]");
    w.type_into("[data-testid=wf-branch-name]", "french");
    w.click("[data-testid=wf-branch-create]");
    w.wait_for_text("[data-testid=wf-branch-switcher]", "the new branch", |t| t.contains("french"));
    set_end_output(&w, "Résultat : {{llm_1.text}}");
    select_node(&w, "llm_1");
    w.type_into("[data-testid=wf-llm-user]", " (en français)");
    saved(&w);
    commit(&w, "French wording");

    switch_to(&w, "main");
    assert_eq!(end_output(&w), "Result: {{llm_1.text}}", "main's draft is its own");
    set_end_output(&w, "Outcome: {{llm_1.text}}");
    commit(&w, "Outcome wording");

    // Merge french into main: the prompt comes in, the End node's output is a conflict until a side is chosen.
    w.click("[data-testid=wf-branch-switcher]");
    w.click("[data-testid=wf-merge-from-french]");
    w.find("[data-testid=wf-merge-dialog]");
    assert_eq!(w.count("[data-testid=wf-conflict]"), 1, "one conflict: the End node's output");
    w.wait_for_text("[data-testid=wf-merge-remaining]", "one conflict left", |t| t.contains('1'));
    let apply_disabled =
        w.0.execute("return document.querySelector('[data-testid=wf-merge-apply]').disabled;", vec![]).unwrap();
    assert_eq!(apply_disabled, serde_json::Value::Bool(true), "no merge while a conflict has no side");
    w.screenshot("71-history-merge-conflict-en-light");
    w.click("[data-testid=wf-conflict] [data-testid=wf-conflict-theirs]");
    w.wait_for_text("[data-testid=wf-merge-remaining]", "no conflict left", |_| {
        w.count("[data-testid=wf-merge-apply]:not([disabled])") == 1
    });
    w.click("[data-testid=wf-merge-apply]");
    w.wait_for_text("[data-testid=wf-history-panel]", "the merge version", |t| t.contains("french"));
    assert_eq!(end_output(&w), "Résultat : {{llm_1.text}}", "the chosen side");
    select_node(&w, "llm_1");
    let prompt = w.0.execute("return document.querySelector('[data-testid=wf-llm-user]').value;", vec![]).unwrap();
    assert!(prompt.as_str().unwrap_or_default().ends_with(" (en français)"), "the branch's prompt came in: {prompt}");
    w.screenshot("72-history-merged");

    // Restore the first version: the End node is as it was.
    open_history(&w);
    assert_eq!(w.count("[data-testid=wf-branch-dirty]"), 0, "the merge left nothing uncommitted");
    press_in_version(&w, "First version", "wf-version-restore");
    w.click("[data-testid=wf-restore-confirm]");
    // The draft is now the first version's document, which is not the branch's latest version.
    w.wait_for_text("[data-testid=wf-history-panel]", "the restored draft", |_| {
        w.count("[data-testid=wf-branch-dirty]") == 1
    });
    assert_eq!(end_output(&w), first, "the first version's End node");
    w.screenshot("73-history-restored");

    // Export with history, import it back, export the import: the same bytes.
    let yaml = exported(&w);
    assert!(yaml.starts_with("format: switchyard.workflow\n") && yaml.contains("French wording"), "{yaml}");
    let before = w.count("[data-testid=wf-item]");
    w.click("[data-testid=wf-import-open]");
    w.paste("[data-testid=wf-import-text]", &yaml);
    w.click("[data-testid=wf-import-submit]");
    w.wait_for_text("[data-testid=wf-list]", "the imported workflow", |_| {
        w.count("[data-testid=wf-item]") == before + 1
    });
    open_history(&w);
    w.wait_for_text("[data-testid=wf-history-panel]", "the imported history", |t| t.contains("French wording"));
    assert_eq!(exported(&w), yaml, "export → import → export gives the same bytes");

    // Dark and Chinese: the history panel and a diff.
    w.click("[data-testid=nav-settings]");
    w.click("[data-testid=theme-select] option[value=dark]");
    w.click("[data-testid=language-select] option[value='zh-CN']");
    w.click("[data-testid=nav-workflows]");
    w.find(&node("end_1"));
    open_history(&w);
    press_in_version(&w, "Outcome wording", "wf-version-diff");
    w.find("[data-testid=wf-diff-list]");
    w.find(&format!("{}[data-diff=changed], {} [data-diff=changed]", node("end_1"), node("end_1")));
    w.screenshot("74-history-diff-zh-dark");
    w.click("[data-testid=wf-diff-close]");

    w.click("[data-testid=nav-settings]");
    w.click("[data-testid=theme-select] option[value=light]");
    w.click("[data-testid=language-select] option[value=en]");
    w.0.quit().unwrap();
}
