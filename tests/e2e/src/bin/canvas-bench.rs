//! The workflow canvas in the real window, measured: time from opening a workflow to its nodes on screen, and frame
//! times while panning the canvas and while dragging a node, for a small workflow (the baseline, measured in the
//! same run) and for the benchmark document (bench/workflow-canvas/generate.mjs: 500 nodes, 700 edges).
//!
//! Prints figures; asserts nothing about speed. Run through bench/workflow-canvas/run.sh.

use std::time::Duration;

use serde_json::{json, Value};
use switchyard_e2e::window::{env, Window};

/// Creates a workflow with `doc` through the app's own commands, as the window would.
fn create(w: &Window, name: &str, doc: &Value) -> String {
    let script = r#"
        const [name, doc] = arguments;
        const invoke = window.__TAURI_INTERNALS__.invoke;
        return invoke('create_workflow', { name }).then((wf) =>
            invoke('save_workflow', { input: { id: wf.id, base_revision: wf.revision, doc } }).then((saved) => saved.id));"#;
    let id = w.0.execute(script, vec![name.into(), doc.clone()]).expect("create the workflow");
    id.as_str().expect("a workflow id").to_owned()
}

/// Milliseconds from the click that opens the workflow to the first frame that shows `marker`, a node only it has
/// (the editor may still show the workflow opened before).
fn open_ms(w: &Window, name: &str, marker: &str) -> f64 {
    let script = r#"
        const [name, marker] = arguments;
        const item = [...document.querySelectorAll('[data-testid=wf-item] button')].find((b) => b.textContent.includes(name));
        const t0 = performance.now();
        item.click();
        return new Promise((resolve) => {
            const check = () => {
                if (document.querySelector(`.react-flow__node[data-id="${marker}"]`)) requestAnimationFrame(() => resolve(performance.now() - t0));
                else requestAnimationFrame(check);
            };
            check();
        });"#;
    w.0.execute(script, vec![name.into(), marker.into()]).expect("open the workflow").as_f64().expect("a time")
}

fn start_probe(w: &Window) {
    let script = r#"
        window.__frames = [];
        let last = performance.now();
        window.__probe = true;
        const tick = (now) => { window.__frames.push(now - last); last = now; if (window.__probe) requestAnimationFrame(tick); };
        requestAnimationFrame(tick);
        return true;"#;
    w.0.execute(script, vec![]).expect("start the frame probe");
}

fn stop_probe(w: &Window) -> Vec<f64> {
    let v = w.0.execute("window.__probe = false; return window.__frames.slice(1);", vec![]).expect("read the probe");
    v.as_array().into_iter().flatten().filter_map(Value::as_f64).collect()
}

/// A point of the page: the centre of `css`, or with `corner` a few pixels inside its top-left corner (the empty
/// pane around a fitted graph).
fn point(w: &Window, css: &str, corner: bool) -> (i64, i64) {
    let script = "const r = document.querySelector(arguments[0]).getBoundingClientRect(); \
        return arguments[1] ? [r.left + 12, r.top + 12] : [r.left + r.width / 2, r.top + r.height / 2];";
    let v = w.0.execute(script, vec![css.into(), corner.into()]).expect("a point");
    (v[0].as_f64().unwrap_or(0.0) as i64, v[1].as_f64().unwrap_or(0.0) as i64)
}

/// A slow mouse drag from (x, y) by (dx, dy), in many small moves over about two seconds.
fn slow_drag(w: &Window, (x, y): (i64, i64), dx: i64, dy: i64) {
    let mut steps = vec![
        json!({ "type": "pointerMove", "duration": 0, "origin": "viewport", "x": x, "y": y }),
        json!({ "type": "pointerDown", "button": 0 }),
    ];
    let n = 60;
    for _ in 0..n {
        steps.push(json!({ "type": "pointerMove", "duration": 33, "origin": "pointer", "x": dx / n, "y": dy / n }));
    }
    steps.push(json!({ "type": "pointerUp", "button": 0 }));
    w.0.actions(
        json!([{ "type": "pointer", "id": "mouse", "parameters": { "pointerType": "mouse" }, "actions": steps }]),
    )
    .expect("drag");
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

struct Figures {
    open_ms: f64,
    pan: Vec<f64>,
    drag: Vec<f64>,
}

fn measure(w: &Window, name: &str, doc: &Value, node_to_drag: &str) -> Figures {
    create(w, name, doc);
    // The list is read when the screen opens.
    w.click("[data-testid=nav-chat]");
    w.click("[data-testid=nav-workflows]");
    w.wait_for_text("[data-testid=wf-list]", "the new workflow in the list", |t| t.contains(name));
    let open_ms = open_ms(w, name, node_to_drag);
    std::thread::sleep(Duration::from_millis(500));
    start_probe(w);
    slow_drag(w, point(w, "[data-testid=wf-canvas] .react-flow__pane", true), 300, 120);
    let pan = stop_probe(w);
    start_probe(w);
    slow_drag(w, point(w, &format!(".react-flow__node[data-id=\"{node_to_drag}\"] .wf-node-head"), false), 150, 80);
    let drag = stop_probe(w);
    Figures { open_ms, pan, drag }
}

fn line(label: &str, f: &Figures) {
    let stats = |frames: &[f64]| {
        let mut s = frames.to_vec();
        s.sort_by(f64::total_cmp);
        (percentile(&s, 0.5), percentile(&s, 0.95), s.len())
    };
    let (pan50, pan95, pann) = stats(&f.pan);
    let (drag50, drag95, dragn) = stats(&f.drag);
    println!(
        "{label:<22} open {:>7.0} ms   pan p50 {pan50:>5.1} p95 {pan95:>5.1} ms ({pann} frames)   drag p50 {drag50:>5.1} p95 {drag95:>5.1} ms ({dragn} frames)",
        f.open_ms
    );
}

fn main() {
    let big: Value = serde_json::from_str(&std::fs::read_to_string(env("CANVAS_DOC")).expect("the benchmark document"))
        .expect("a workflow document");
    let small = json!({
        "version": 1,
        "nodes": [
            {"id": "start", "position": {"x": 0, "y": 0}, "config": {"kind": "start", "inputs": []}},
            {"id": "template_1", "position": {"x": 260, "y": 0}, "config": {"kind": "template", "template": "hi"}},
            {"id": "end_1", "position": {"x": 520, "y": 0}, "config": {"kind": "end", "outputs": [{"name": "r", "value": "{{template_1.text}}"}]}}
        ],
        "edges": [
            {"id": "a", "source": "start", "target": "template_1"},
            {"id": "b", "source": "template_1", "target": "end_1"}
        ]
    });
    // A node near the middle of the big graph that the small one does not have: opening waits for it, dragging moves it.
    let ids: Vec<&str> = big["nodes"].as_array().into_iter().flatten().filter_map(|n| n["id"].as_str()).collect();
    let big_node = ids
        .iter()
        .skip(ids.len() / 2)
        .find(|id| !["start", "template_1", "end_1"].contains(id))
        .expect("a node")
        .to_string();
    let w = Window::launch();
    let _ = w.0.set_window_size(1280, 1000);
    let runs: usize = std::env::var("CANVAS_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    println!("workflow canvas, real window (WebKitGTK under Xvfb), {runs} rounds; each round measures both");
    for round in 1..=runs {
        let small_figures = measure(&w, &format!("Bench small {round}"), &small, "template_1");
        line(&format!("3 nodes (baseline) #{round}"), &small_figures);
        let n = big["nodes"].as_array().map_or(0, Vec::len);
        let e = big["edges"].as_array().map_or(0, Vec::len);
        let big_figures = measure(&w, &format!("Bench big {round}"), &big, &big_node);
        line(&format!("{n} nodes/{e} edges #{round}"), &big_figures);
        println!("  ratio big/baseline: open {:.2}x", big_figures.open_ms / small_figures.open_ms);
    }
    w.0.quit().expect("quit");
}
