// A run's events folded into what the window shows: per node its status, streamed text, last record and totals
// over all its runs (one per item inside an iteration). Only the node an event is about changes identity, so a node
// on the canvas that subscribes to its own status re-renders only when that changes.
import type { NodeRun, NodeStatus, RunEvent, RunStatus, WorkflowRun } from "../../../data/workflows";
import type { AppError } from "../../../lib/api";

export type NodeLive = {
  status: NodeStatus;
  /** Streamed text per scope ("" at the top level, `loop[2]` for item 2 of `loop`). */
  texts: Record<string, string>;
  /** The scope that started last: whose text is shown. */
  scope: string;
  /** Scopes started and not finished yet. */
  running: number;
  /** The last finished record (its inputs and outputs are what the panel shows). */
  record: NodeRun | null;
  finished: number;
  failed: number;
  inputTokens: number;
  outputTokens: number;
  costUsdMicros: number;
  /** When the window saw it start (ms), for a live clock before the record arrives. */
  seenStartMs: number;
};

export type RunState = {
  runId: string;
  workflowId: string;
  status: RunStatus;
  run: WorkflowRun | null;
  nodes: Record<string, NodeLive>;
  /** Node ids in the order they started. */
  order: string[];
  error: AppError | null;
  startedMs: number;
  fromNode: string | null;
};

export function newRun(runId: string, workflowId: string, nowMs: number, fromNode: string | null = null): RunState {
  return { runId, workflowId, status: "running", run: null, nodes: {}, order: [], error: null, startedMs: nowMs, fromNode };
}

function blank(nowMs: number): NodeLive {
  return { status: "running", texts: {}, scope: "", running: 0, record: null, finished: 0, failed: 0, inputTokens: 0, outputTokens: 0, costUsdMicros: 0, seenStartMs: nowMs };
}

function put(state: RunState, id: string, live: NodeLive): RunState {
  return { ...state, nodes: { ...state.nodes, [id]: live }, order: state.order.includes(id) ? state.order : [...state.order, id] };
}

export function reduceRunEvent(state: RunState, event: RunEvent, nowMs: number): RunState {
  switch (event.kind) {
    case "started":
      return { ...state, run: event.run, status: event.run.status };
    case "node_started": {
      const prev = state.nodes[event.node_id] ?? blank(nowMs);
      return put(state, event.node_id, { ...prev, status: "running", scope: event.scope, running: prev.running + 1, texts: { ...prev.texts, [event.scope]: "" } });
    }
    case "node_delta": {
      const prev = state.nodes[event.node_id] ?? blank(nowMs);
      const text = (prev.texts[event.scope] ?? "") + event.text;
      return put(state, event.node_id, { ...prev, texts: { ...prev.texts, [event.scope]: text } });
    }
    case "node_finished": {
      const r = event.node;
      const prev = state.nodes[r.node_id] ?? blank(nowMs);
      const running = Math.max(0, prev.running - 1);
      const failed = prev.failed + (r.status === "failed" ? 1 : 0);
      return put(state, r.node_id, {
        ...prev,
        running,
        failed,
        finished: prev.finished + 1,
        record: r,
        status: running > 0 ? "running" : failed > 0 ? "failed" : r.status,
        inputTokens: prev.inputTokens + r.input_tokens,
        outputTokens: prev.outputTokens + r.output_tokens,
        costUsdMicros: prev.costUsdMicros + r.cost_usd_micros,
      });
    }
    case "finished":
      return { ...state, run: event.run, status: event.run.status, error: event.run.error };
  }
}

/** A finished run's records (from getWorkflowRun) in the same shape, for a run the window did not follow. */
export function fromRecords(run: WorkflowRun, records: readonly NodeRun[]): RunState {
  let state: RunState = { ...newRun(run.id, run.workflow_id, run.started_at_ms, run.from_node), run, status: run.status, error: run.error };
  for (const r of records) {
    state = reduceRunEvent(state, { kind: "node_started", node_id: r.node_id, scope: r.scope }, r.started_at_ms);
    state = reduceRunEvent(state, { kind: "node_finished", node: r }, r.ended_at_ms ?? r.started_at_ms);
  }
  return state;
}

/** The text a node streamed in the scope shown (its last), or its recorded text output when it streamed none. */
export function shownText(live: NodeLive | undefined): string {
  if (!live) return "";
  const streamed = live.texts[live.scope];
  if (streamed) return streamed;
  const out = live.record?.outputs as { text?: unknown } | null | undefined;
  return typeof out?.text === "string" ? out.text : "";
}

/** How long a node took, or has been running. */
export function nodeElapsedMs(live: NodeLive, nowMs: number): number {
  const r = live.record;
  if (live.running === 0 && r?.ended_at_ms != null) return Math.max(0, r.ended_at_ms - r.started_at_ms);
  return Math.max(0, nowMs - live.seenStartMs);
}
