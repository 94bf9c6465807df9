import { describe, expect, it } from "vitest";
import type { NodeRun, WorkflowRun } from "../../../data/workflows";
import { fromRecords, newRun, nodeElapsedMs, reduceRunEvent, shownText, type RunState } from "./reduce";
import { runTotals } from "./RunPanel";

const run = (over: Partial<WorkflowRun> = {}): WorkflowRun => ({
  id: "r1", workflow_id: "wf1", revision: 4, status: "running", inputs: { input: "hi" }, outputs: null, error: null, from_node: null, base_run_id: null,
  started_at_ms: 1000, ended_at_ms: null, input_tokens: 0, output_tokens: 0, cost_usd_micros: 0, doc_hash: null, version_id: null, ...over,
});
const record = (node_id: string, over: Partial<NodeRun> = {}): NodeRun => ({
  node_id, scope: "", status: "succeeded", inputs: { user: "hi" }, outputs: { text: "Hello" }, error: null, started_at_ms: 1000, ended_at_ms: 1600, first_token_ms: 1100,
  input_tokens: 10, output_tokens: 5, cached_tokens: 0, reasoning_tokens: 0, cost_usd_micros: 120, trace_id: "t", attempts: 1, reused_from: null, fingerprint: "f", ...over,
});

describe("run events into per-node state", () => {
  it("follows node_started, node_delta, node_finished and finished", () => {
    let s: RunState = newRun("r1", "wf1", 0);
    s = reduceRunEvent(s, { kind: "started", run: run() }, 1);
    s = reduceRunEvent(s, { kind: "node_started", node_id: "llm_1", scope: "" }, 2);
    expect(s.nodes.llm_1.status).toBe("running");
    s = reduceRunEvent(s, { kind: "node_delta", node_id: "llm_1", scope: "", text: "Hel" }, 3);
    const before = s.nodes.start;
    s = reduceRunEvent(s, { kind: "node_delta", node_id: "llm_1", scope: "", text: "lo" }, 4);
    expect(shownText(s.nodes.llm_1)).toBe("Hello");
    expect(s.nodes.start).toBe(before); // other nodes untouched
    s = reduceRunEvent(s, { kind: "node_finished", node: record("llm_1") }, 5);
    expect(s.nodes.llm_1).toMatchObject({ status: "succeeded", running: 0, finished: 1, inputTokens: 10, outputTokens: 5, costUsdMicros: 120 });
    expect(s.nodes.llm_1.record?.outputs).toEqual({ text: "Hello" });
    expect(nodeElapsedMs(s.nodes.llm_1, 99_999)).toBe(600);
    expect(s.order).toEqual(["llm_1"]);
    const done = run({ status: "succeeded", ended_at_ms: 2000, input_tokens: 10, output_tokens: 5, cost_usd_micros: 120, outputs: { result: "Hello" } });
    s = reduceRunEvent(s, { kind: "finished", run: done }, 6);
    expect(s.status).toBe("succeeded");
    expect(s.run?.outputs).toEqual({ result: "Hello" });
    expect(runTotals(s)).toEqual({ inputTokens: 10, outputTokens: 5, costUsdMicros: 120 });
  });

  it("an iteration's child runs once per item: running until every item finished, text per item, totals added up", () => {
    let s = newRun("r1", "wf1", 0);
    s = reduceRunEvent(s, { kind: "node_started", node_id: "t", scope: "loop[0]" }, 1);
    s = reduceRunEvent(s, { kind: "node_started", node_id: "t", scope: "loop[1]" }, 1);
    s = reduceRunEvent(s, { kind: "node_delta", node_id: "t", scope: "loop[0]", text: "zero" }, 2);
    s = reduceRunEvent(s, { kind: "node_delta", node_id: "t", scope: "loop[1]", text: "one" }, 2);
    expect(s.nodes.t.texts).toEqual({ "loop[0]": "zero", "loop[1]": "one" });
    s = reduceRunEvent(s, { kind: "node_finished", node: record("t", { scope: "loop[0]", status: "failed", cost_usd_micros: 7 }) }, 3);
    expect(s.nodes.t.status).toBe("running");
    expect(runTotals(s).costUsdMicros).toBe(7); // live: summed from the nodes
    s = reduceRunEvent(s, { kind: "node_finished", node: record("t", { scope: "loop[1]", cost_usd_micros: 8 }) }, 4);
    expect(s.nodes.t).toMatchObject({ status: "failed", finished: 2, failed: 1, costUsdMicros: 15, inputTokens: 20 });
  });

  it("a node_delta for a node not yet seen, and a skipped node, still show", () => {
    let s = newRun("r1", "wf1", 0);
    s = reduceRunEvent(s, { kind: "node_delta", node_id: "x", scope: "", text: "a" }, 1);
    expect(shownText(s.nodes.x)).toBe("a");
    s = reduceRunEvent(s, { kind: "node_finished", node: record("y", { status: "skipped", attempts: 0, input_tokens: 0, output_tokens: 0, cost_usd_micros: 0 }) }, 2);
    expect(s.nodes.y.status).toBe("skipped");
  });

  it("a finished run loaded from the core reads the same", () => {
    const s = fromRecords(run({ status: "failed" }), [record("start", { outputs: { input: "hi" } }), record("llm_1", { status: "failed" })]);
    expect(s.status).toBe("failed");
    expect(s.order).toEqual(["start", "llm_1"]);
    expect(s.nodes.llm_1).toMatchObject({ status: "failed", running: 0, finished: 1 });
    expect(shownText(s.nodes.start)).toBe("");
    expect(shownText(fromRecords(run(), [record("llm_1")]).nodes.llm_1)).toBe("Hello");
  });
});
