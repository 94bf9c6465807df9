// The one door from the workflow editor to the core. The types mirror crates/core/src/workflow (serde JSON shapes)
// by hand until tauri-specta generates them in bindings.ts; the calls go through `workflowApi`, which tests replace.
import { Channel, invoke } from "@tauri-apps/api/core";
import type { AppError } from "../lib/api";
import { CommandError } from "../lib/api";
import type { ChatTarget } from "../bindings";

export type VarType = "string" | "number" | "boolean" | "object" | "array" | "any";
export const VAR_TYPES: VarType[] = ["string", "number", "boolean", "object", "array", "any"];

export type Position = { x: number; y: number };

/** A typed Start input or End output. */
export type Field = { name: string; type: VarType; required: boolean; default: unknown | null };

export type StartConfig = { kind: "start"; inputs: Field[] };
export type LlmConfig = {
  kind: "llm";
  target: ChatTarget | null;
  system: string;
  user: string;
  temperature: number | null;
  max_tokens: number | null;
  json_output: boolean;
  json_schema: string;
};
export type TemplateConfig = { kind: "template"; template: string };
export type CompareOp =
  | "equals"
  | "not_equals"
  | "contains"
  | "not_contains"
  | "starts_with"
  | "ends_with"
  | "is_empty"
  | "is_not_empty"
  | "greater"
  | "greater_or_equal"
  | "less"
  | "less_or_equal";
export const COMPARE_OPS: CompareOp[] = [
  "equals",
  "not_equals",
  "contains",
  "not_contains",
  "starts_with",
  "ends_with",
  "is_empty",
  "is_not_empty",
  "greater",
  "greater_or_equal",
  "less",
  "less_or_equal",
];
export type Comparison = { left: string; op: CompareOp; right: string };
export type Branch = { id: string; when: Comparison[]; all: boolean };
export type ConditionConfig = { kind: "condition"; branches: Branch[] };
export type ExtractMode = "json_path" | "regex";
export type ExtractConfig = { kind: "extract"; source: string; mode: ExtractMode; pattern: string };
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export const HTTP_METHODS: HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];
export type Header = { name: string; value: string; secret: boolean };
export type HttpConfig = { kind: "http"; method: HttpMethod; url: string; headers: Header[]; body: string; timeout_ms: number };
export type IterationConfig = { kind: "iteration"; items: string; parallelism: number; output: string };
export type AggregateConfig = { kind: "aggregate"; variables: string[] };
export type EndOutput = { name: string; value: string };
export type EndConfig = { kind: "end"; outputs: EndOutput[] };

export type NodeConfig =
  | StartConfig
  | LlmConfig
  | TemplateConfig
  | ConditionConfig
  | ExtractConfig
  | HttpConfig
  | IterationConfig
  | AggregateConfig
  | EndConfig;
export type NodeKind = NodeConfig["kind"];
export type ConfigOf<K extends NodeKind> = Extract<NodeConfig, { kind: K }>;

export type RetryOn = "transport" | "rate_limit" | "server_error" | "empty_output" | "invalid_json" | "timeout";
export const RETRY_ON: RetryOn[] = ["transport", "rate_limit", "server_error", "empty_output", "invalid_json", "timeout"];
export type RetryRule = { max_retries: number; backoff_ms: number; on: RetryOn[] };
export type OnError = "stop" | "continue" | "error_edge";
export const ON_ERROR: OnError[] = ["stop", "continue", "error_edge"];
export type NodePolicy = { retry: RetryRule; timeout_ms: number | null; on_error: OnError };

export type WorkflowNode = {
  id: string;
  title: string;
  position: Position;
  /** The iteration node whose sub-graph this node belongs to; null at the top level. */
  parent: string | null;
  config: NodeConfig;
  policy: NodePolicy;
};

export type WorkflowEdge = { id: string; source: string; source_port: string; target: string; target_port: string };

export type WorkflowDoc = { version: number; nodes: WorkflowNode[]; edges: WorkflowEdge[] };

export const DOC_VERSION = 1;
export const OUT_PORT = "out";
export const ERROR_PORT = "error";
export const ELSE_PORT = "else";
export const IN_PORT = "in";

export type ProblemCode =
  | "unsupported_version"
  | "start_count"
  | "no_end"
  | "duplicate_id"
  | "bad_edge"
  | "cycle"
  | "not_connected"
  | "unknown_variable"
  | "type_mismatch"
  | "missing_model"
  | "missing_field"
  | "invalid_pattern"
  | "bad_parent";
export const PROBLEM_CODES: ProblemCode[] = [
  "unsupported_version",
  "start_count",
  "no_end",
  "duplicate_id",
  "bad_edge",
  "cycle",
  "not_connected",
  "unknown_variable",
  "type_mismatch",
  "missing_model",
  "missing_field",
  "invalid_pattern",
  "bad_parent",
];
export type Problem = { code: ProblemCode; node_id: string | null; edge_id: string | null; subject: string; message: string };

export type RunStatus = "running" | "succeeded" | "failed" | "cancelled" | "interrupted";
export const RUN_STATUSES: RunStatus[] = ["running", "succeeded", "failed", "cancelled", "interrupted"];
export type NodeStatus = "running" | "succeeded" | "failed" | "skipped" | "cancelled" | "reused";
export const NODE_STATUSES: NodeStatus[] = ["running", "succeeded", "failed", "skipped", "cancelled", "reused"];

export type NodeRun = {
  node_id: string;
  scope: string;
  status: NodeStatus;
  inputs: unknown;
  outputs: unknown;
  error: AppError | null;
  started_at_ms: number;
  ended_at_ms: number | null;
  first_token_ms: number | null;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  reasoning_tokens: number;
  cost_usd_micros: number;
  trace_id: string | null;
  attempts: number;
  reused_from: string | null;
  fingerprint: string;
};

export type WorkflowRun = {
  id: string;
  workflow_id: string;
  revision: number;
  status: RunStatus;
  inputs: unknown;
  outputs: unknown;
  error: AppError | null;
  from_node: string | null;
  base_run_id: string | null;
  started_at_ms: number;
  ended_at_ms: number | null;
  input_tokens: number;
  output_tokens: number;
  cost_usd_micros: number;
};

export type RunDetail = { run: WorkflowRun; nodes: NodeRun[]; doc: WorkflowDoc };

export type RunEvent =
  | { kind: "started"; run: WorkflowRun }
  | { kind: "node_started"; node_id: string; scope: string }
  | { kind: "node_delta"; node_id: string; scope: string; text: string }
  | { kind: "node_finished"; node: NodeRun }
  | { kind: "finished"; run: WorkflowRun };

export type Workflow = { id: string; name: string; revision: number; doc: WorkflowDoc; created_at_ms: number; updated_at_ms: number };
export type WorkflowSummary = { id: string; name: string; revision: number; node_count: number; updated_at_ms: number; last_run: RunStatus | null };
export type SaveWorkflow = { id: string; base_revision: number; doc: WorkflowDoc };
export type RunWorkflow = { run_id: string; workflow_id: string; inputs: unknown; from_node: string | null; base_run_id: string | null };

/** The calls the editor makes; each resolves with the data or rejects with a CommandError. */
export type WorkflowApi = {
  listWorkflows: () => Promise<WorkflowSummary[]>;
  createWorkflow: (name: string) => Promise<Workflow>;
  getWorkflow: (id: string) => Promise<Workflow>;
  saveWorkflow: (input: SaveWorkflow) => Promise<Workflow>;
  renameWorkflow: (id: string, name: string) => Promise<Workflow>;
  /** A copy named "<name> <copySuffix>" (the suffix in the person's language, "(copy)"). */
  duplicateWorkflow: (id: string, copySuffix: string) => Promise<Workflow>;
  deleteWorkflow: (id: string) => Promise<null>;
  validateWorkflow: (doc: WorkflowDoc) => Promise<Problem[]>;
  /** Resolves when the run has ended, with its final state; `onEvent` gets every event before that. */
  runWorkflow: (input: RunWorkflow, onEvent: (event: RunEvent) => void) => Promise<WorkflowRun>;
  cancelWorkflowRun: (runId: string) => Promise<boolean>;
  listWorkflowRuns: (workflowId: string) => Promise<WorkflowRun[]>;
  getWorkflowRun: (runId: string) => Promise<RunDetail>;
  listWorkflowSecrets: () => Promise<string[]>;
  setWorkflowSecret: (name: string, value: string) => Promise<null>;
  deleteWorkflowSecret: (name: string) => Promise<null>;
};

/** A command's rejection (the core's serialised Error) as a CommandError, like the generated bindings' results. */
async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    if (e instanceof Error) throw e;
    throw new CommandError(e as AppError);
  }
}

export const workflowApi: WorkflowApi = {
  listWorkflows: () => call("list_workflows"),
  createWorkflow: (name) => call("create_workflow", { name }),
  getWorkflow: (id) => call("get_workflow", { id }),
  saveWorkflow: (input) => call("save_workflow", { input }),
  renameWorkflow: (id, name) => call("rename_workflow", { id, name }),
  duplicateWorkflow: (id, copySuffix) => call("duplicate_workflow", { id, name: copySuffix }),
  deleteWorkflow: (id) => call("delete_workflow", { id }),
  validateWorkflow: (doc) => call("validate_workflow", { doc }),
  runWorkflow: (input, onEvent) => {
    const channel = new Channel<RunEvent>();
    channel.onmessage = onEvent;
    return call("run_workflow", { input, onEvent: channel });
  },
  cancelWorkflowRun: (runId) => call("cancel_workflow_run", { runId }),
  listWorkflowRuns: (workflowId) => call("list_workflow_runs", { workflowId }),
  getWorkflowRun: (runId) => call("get_workflow_run", { runId }),
  listWorkflowSecrets: () => call("list_workflow_secrets"),
  setWorkflowSecret: (name, value) => call("set_workflow_secret", { name, value }),
  deleteWorkflowSecret: (name) => call("delete_workflow_secret", { name }),
};

/** Whether a failed save was refused because the stored revision moved on (edited elsewhere). */
export function isConflict(e: unknown): boolean {
  return e instanceof CommandError ? e.detail.code === "conflict" : !!e && typeof e === "object" && (e as { code?: unknown }).code === "conflict";
}
