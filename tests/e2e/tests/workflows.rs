//! Workflows in the real window, after tests/window.rs (same data dir: the provider "aimock" with gpt-4o-mini, priced
//! by the costs test): a new workflow, its seeded nodes deleted with Ctrl+A / Delete, Start, LLM and End dragged from
//! the palette and connected by their handles, the LLM node pointed at aimock, a run with its streamed answer, tokens
//! and cost, then the End node changed and run from there: the LLM node is reused, no new call. Screenshots at each
//! step, in light/English and dark/Chinese.
//!
//! Run after tests/window.rs, in the environment scripts/e2e.sh sets up.

use switchyard_e2e::window::{Window, CONTROL, DELETE};

const ANSWER: &str = "Hello from aimock! How can I help you today?";

/// Drags a palette item onto the canvas at a point of it (fractions of its width and height). HTML5 drag and drop
/// is not something WebDriver's pointer can do, so the browser's own drag events are dispatched, as a drag makes them.
fn drop_kind(w: &Window, kind: &str, fx: f64, fy: f64) {
    let script = r#"
        const [kind, fx, fy] = arguments;
        const item = document.querySelector(`[data-testid=wf-palette-${kind}]`);
        const pane = document.querySelector('[data-testid=wf-canvas]');
        const r = pane.getBoundingClientRect();
        const at = { clientX: r.left + r.width * fx, clientY: r.top + r.height * fy };
        const dataTransfer = new DataTransfer();
        item.dispatchEvent(new DragEvent('dragstart', { bubbles: true, cancelable: true, dataTransfer }));
        pane.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer, ...at }));
        pane.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer, ...at }));
        item.dispatchEvent(new DragEvent('dragend', { bubbles: true, dataTransfer }));
        return true;"#;
    w.0.execute(script, vec![kind.into(), fx.into(), fy.into()]).unwrap_or_else(|e| panic!("drop {kind}: {e}"));
}

fn node(id: &str) -> String {
    format!(".react-flow__node[data-id=\"{id}\"]")
}

fn connect(w: &Window, from: &str, to: &str) {
    let source = format!("{} .react-flow__handle.source[data-handleid=out]", node(from));
    let target = format!("{} .react-flow__handle.target", node(to));
    w.drag(&source, &target);
    w.find(&format!(".react-flow__edge[data-id=\"{from}:out->{to}\"], .react-flow__edge[aria-label*=\"{from}\"]"));
}

fn select_node(w: &Window, id: &str) {
    w.click(&format!("{} .wf-node-head", node(id)));
    w.find("[data-testid=wf-node-panel]");
}

/// Runs with Start's `input` (a new Start's one text input, required) set to `input`.
fn run_and_wait(w: &Window, input: &str) {
    w.select_text("[data-testid=wf-input-input]");
    w.type_into("[data-testid=wf-input-input]", input);
    w.click("[data-testid=wf-inputs-run]");
    w.wait_for_text("[data-testid=wf-run-status]", "the run's end", |_| w.count(".wf-run-status.running") == 0);
    assert_eq!(w.count(".wf-run-status.succeeded"), 1, "the run succeeded");
}

#[test]
fn build_run_and_rerun_a_workflow_from_its_end() {
    let w = Window::launch();
    let _ = w.0.set_window_size(1280, 1000);

    w.click("[data-testid=nav-workflows]");
    w.click("[data-testid=wf-new]");
    w.find(&node("start"));
    w.find(&node("end_1"));
    w.screenshot("60-workflow-new-en-light");

    // Start from an empty canvas: select everything and delete it, as a person would.
    w.click("[data-testid=wf-canvas] .react-flow__pane");
    w.chord(&[CONTROL, "a"]);
    w.chord(&[DELETE]);
    w.wait_for_text("[data-testid=wf-canvas]", "an empty canvas", |_| w.count(".react-flow__node") == 0);

    drop_kind(&w, "start", 0.15, 0.4);
    drop_kind(&w, "llm", 0.45, 0.4);
    drop_kind(&w, "end", 0.75, 0.4);
    for id in ["start", "llm_1", "end_1"] {
        w.find(&node(id));
    }
    connect(&w, "start", "llm_1");
    connect(&w, "llm_1", "end_1");
    assert_eq!(w.count(".react-flow__edge"), 2);
    w.screenshot("61-workflow-dragged-and-connected");

    // The LLM node: aimock's model and a prompt.
    select_node(&w, "llm_1");
    let option = w
        .0
        .execute(
            "return [...document.querySelectorAll('[data-testid=wf-llm-target] option')].find(o => o.textContent === 'aimock')?.value ?? null;",
            vec![],
        )
        .unwrap();
    let option = option.as_str().expect("aimock is offered as the LLM node's provider").to_owned();
    w.click(&format!("[data-testid=wf-llm-target] option[value=\"{option}\"]"));
    w.select_text("[data-testid=wf-llm-model]");
    w.type_into("[data-testid=wf-llm-model]", "gpt-4o-mini");
    w.type_into("[data-testid=wf-llm-user]", "{{start.input}}");

    // The End node: its output is the answer.
    select_node(&w, "end_1");
    w.select_text("[data-testid=wf-end-outputs] textarea");
    w.type_into("[data-testid=wf-end-outputs] textarea", "{{llm_1.text}}");
    w.wait_for_text("[data-testid=wf-save-state]", "the saved draft", |_| w.count(".wf-save.saved") == 1);
    w.screenshot("62-workflow-configured");

    w.click("[data-testid=wf-run]");
    w.find("[data-testid=wf-input-input]");
    w.screenshot("63-workflow-inputs");
    run_and_wait(&w, "hello");
    let llm = w.wait_for_text("[data-testid=wf-run-node-llm_1]", "the LLM node's figures", |t| t.contains('$'));
    assert!(llm.contains(ANSWER), "the streamed answer is shown: {llm:?}");
    let outputs = w.wait_for_text("[data-testid=wf-run-outputs]", "the outputs", |t| t.contains(ANSWER));
    assert!(outputs.contains("result"));
    select_node(&w, "llm_1");
    w.wait_for_text("[data-testid=wf-node-outputs]", "the node's last outputs", |t| t.contains(ANSWER));
    w.screenshot("64-workflow-ran-en-light");

    // Change the End node and run from it: the LLM node is reused, so aimock is not asked again.
    select_node(&w, "end_1");
    w.select_text("[data-testid=wf-end-outputs] textarea");
    w.type_into("[data-testid=wf-end-outputs] textarea", "Answer: {{llm_1.text}}");
    w.wait_for_text("[data-testid=wf-save-state]", "the saved draft", |_| w.count(".wf-save.saved") == 1);
    w.click("[data-testid=wf-run-from-here]");
    run_and_wait(&w, "hello");
    w.wait_for_text("[data-testid=wf-run-outputs]", "the new outputs", |t| t.contains(&format!("Answer: {ANSWER}")));
    w.find("[data-testid=wf-run-node-llm_1].reused");
    let totals = w.find("[data-testid=wf-run-totals]");
    let totals = w.0.text(&totals).unwrap();
    assert!(totals.contains("$0"), "nothing was paid for the rerun: {totals:?}");
    w.screenshot("65-workflow-run-from-end");

    // Dark and Chinese.
    w.click("[data-testid=nav-settings]");
    w.click("[data-testid=theme-select] option[value=dark]");
    w.click("[data-testid=language-select] option[value='zh-CN']");
    w.click("[data-testid=nav-workflows]");
    w.wait_for_text("[data-testid=wf-toolbar]", "the Chinese toolbar", |t| t.contains("运行"));
    select_node(&w, "llm_1");
    w.screenshot("66-workflow-zh-dark");

    // Back to English and light for the tests after this one.
    w.click("[data-testid=nav-settings]");
    w.click("[data-testid=theme-select] option[value=light]");
    w.click("[data-testid=language-select] option[value=en]");
    w.0.quit().unwrap();
}
