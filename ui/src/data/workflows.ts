// The one door from the workflow editor to the core: the generated commands (bindings.ts) behind `workflowApi`, an
// object tests replace, and the document's types as the editor uses them. The types are the generated ones except
// where the generated ones are looser than what the core sends: a position's f64 is `number | null` there (serde
// would write NaN as null; the core never stores one), and the run's optional timestamps lost their `| null`.
import { Channel } from "@tauri-apps/api/core";
import {
  commands,
  type AggregateConfig_Serialize,
  type Branch_Serialize,
  type CompareOp as GeneratedCompareOp,
  type Comparison_Serialize,
  type ConditionConfig_Serialize,
  type Edge_Serialize,
  type EndConfig_Serialize,
  type EndOutput_Serialize,
  type ExtractConfig_Serialize,
  type ExtractMode as GeneratedExtractMode,
  type Field_Serialize,
  type Header_Serialize,
  type HttpConfig_Serialize,
  type HttpMethod as GeneratedHttpMethod,
  type IterationConfig_Serialize,
  type LlmConfig_Serialize,
  type Node_Serialize,
  type NodePolicy_Serialize,
  type NodeRun_Serialize,
  type NodeStatus as GeneratedNodeStatus,
  type OnError as GeneratedOnError,
  type Problem_Serialize,
  type ProblemCode as GeneratedProblemCode,
  type RetryOn as GeneratedRetryOn,
  type RetryRule as GeneratedRetryRule,
  type RunStatus as GeneratedRunStatus,
  type RunWorkflow_Serialize,
  type StartConfig_Serialize,
  type TemplateConfig_Serialize,
  type VarType as GeneratedVarType,
  type Workflow_Serialize,
  type WorkflowRun_Serialize,
  type WorkflowSummary_Serialize,
} from "../bindings";
import { CommandError, unwrap } from "../lib/api";

/** Every member of the union T, listed once: a value the core adds fails to compile here until it is listed. */
export const allOf =
  <T>() =>
  <const A extends readonly T[]>(list: A & ([Exclude<T, A[number]>] extends [never] ? unknown : never)): readonly T[] =>
    list;

export type VarType = GeneratedVarType;
export const VAR_TYPES = allOf<VarType>()(["string", "number", "boolean", "object", "array", "any"]);

export type Position = { x: number; y: number };

/** A typed Start input or End output. */
export type Field = Field_Serialize;

export type StartConfig = { kind: "start" } & StartConfig_Serialize;
export type LlmConfig = { kind: "llm" } & LlmConfig_Serialize;
export type TemplateConfig = { kind: "template" } & TemplateConfig_Serialize;
export type CompareOp = GeneratedCompareOp;
export const COMPARE_OPS = allOf<CompareOp>()([
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
]);
export type Comparison = Comparison_Serialize;
export type Branch = Branch_Serialize;
export type ConditionConfig = { kind: "condition" } & ConditionConfig_Serialize;
export type ExtractMode = GeneratedExtractMode;
export type ExtractConfig = { kind: "extract" } & ExtractConfig_Serialize;
export type HttpMethod = GeneratedHttpMethod;
export const HTTP_METHODS = allOf<HttpMethod>()(["GET", "POST", "PUT", "PATCH", "DELETE"]);
export type Header = Header_Serialize;
export type HttpConfig = { kind: "http" } & HttpConfig_Serialize;
export type IterationConfig = { kind: "iteration" } & IterationConfig_Serialize;
export type AggregateConfig = { kind: "aggregate" } & AggregateConfig_Serialize;
export type EndOutput = EndOutput_Serialize;
export type EndConfig = { kind: "end" } & EndConfig_Serialize;

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

export type RetryOn = GeneratedRetryOn;
export const RETRY_ON = allOf<RetryOn>()(["transport", "rate_limit", "server_error", "empty_output", "invalid_json", "timeout"]);
export type RetryRule = GeneratedRetryRule;
export type OnError = GeneratedOnError;
export const ON_ERROR = allOf<OnError>()(["stop", "continue", "error_edge"]);
export type NodePolicy = NodePolicy_Serialize;

export type WorkflowNode = Omit<Node_Serialize, "position" | "config"> & { position: Position; config: NodeConfig };
export type WorkflowEdge = Edge_Serialize;
export type WorkflowDoc = { version: number; nodes: WorkflowNode[]; edges: WorkflowEdge[] };

export const DOC_VERSION = 1;
export const OUT_PORT = "out";
export const ERROR_PORT = "error";
export const ELSE_PORT = "else";
export const IN_PORT = "in";

export type ProblemCode = GeneratedProblemCode;
export const PROBLEM_CODES = allOf<ProblemCode>()([
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
]);
export type Problem = Problem_Serialize;

export type RunStatus = GeneratedRunStatus;
export const RUN_STATUSES = allOf<RunStatus>()(["running", "succeeded", "failed", "cancelled", "interrupted"]);
export type NodeStatus = GeneratedNodeStatus;
export const NODE_STATUSES = allOf<NodeStatus>()(["running", "succeeded", "failed", "skipped", "cancelled", "reused"]);

export type NodeRun = Omit<NodeRun_Serialize, "ended_at_ms" | "first_token_ms"> & { ended_at_ms: number | null; first_token_ms: number | null };
export type WorkflowRun = Omit<WorkflowRun_Serialize, "ended_at_ms"> & { ended_at_ms: number | null };
export type RunDetail = { run: WorkflowRun; nodes: NodeRun[]; doc: WorkflowDoc };

export type RunEvent =
  | { kind: "started"; run: WorkflowRun }
  | { kind: "node_started"; node_id: string; scope: string }
  | { kind: "node_delta"; node_id: string; scope: string; text: string }
  | { kind: "node_finished"; node: NodeRun }
  | { kind: "finished"; run: WorkflowRun };

export type Workflow = Omit<Workflow_Serialize, "doc"> & { doc: WorkflowDoc };
export type WorkflowSummary = WorkflowSummary_Serialize;
export type SaveWorkflow = { id: string; base_revision: number; doc: WorkflowDoc };
export type RunWorkflow = RunWorkflow_Serialize;

/** The calls the editor makes; each resolves with the data or rejects with a CommandError. */
export type WorkflowApi = {
  listWorkflows: () => Promise<WorkflowSummary[]>;
  createWorkflow: (name: string) => Promise<Workflow>;
  getWorkflow: (id: string) => Promise<Workflow>;
  saveWorkflow: (input: SaveWorkflow) => Promise<Workflow>;
  renameWorkflow: (id: string, name: string) => Promise<Workflow>;
  /** A copy named "<name> <copySuffix>" (the suffix in the person's language, "(copy)"). */
  /** A copy under `name` (the window names it in the person's language). */
  duplicateWorkflow: (id: string, name: string) => Promise<Workflow>;
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

// The generated types are the wire's; the editor's are the same shapes, a little tighter (see the top of this file).
const cast = <T>(p: Promise<unknown>) => p as Promise<T>;

export const workflowApi: WorkflowApi = {
  listWorkflows: () => unwrap(commands.listWorkflows()),
  createWorkflow: (name) => cast(unwrap(commands.createWorkflow(name))),
  getWorkflow: (id) => cast(unwrap(commands.getWorkflow(id))),
  saveWorkflow: (input) => cast(unwrap(commands.saveWorkflow(input))),
  renameWorkflow: (id, name) => cast(unwrap(commands.renameWorkflow(id, name))),
  duplicateWorkflow: (id, name) => cast(unwrap(commands.duplicateWorkflow(id, name))),
  deleteWorkflow: (id) => unwrap(commands.deleteWorkflow(id)),
  validateWorkflow: (doc) => unwrap(commands.validateWorkflow(doc)),
  runWorkflow: (input, onEvent) => {
    const channel = new Channel<RunEvent>();
    channel.onmessage = onEvent;
    return cast(unwrap(commands.runWorkflow(input, channel as never)));
  },
  cancelWorkflowRun: (runId) => commands.cancelWorkflowRun(runId),
  listWorkflowRuns: (workflowId) => cast(unwrap(commands.listWorkflowRuns(workflowId))),
  getWorkflowRun: (runId) => cast(unwrap(commands.getWorkflowRun(runId))),
  listWorkflowSecrets: () => unwrap(commands.listWorkflowSecrets()),
  setWorkflowSecret: (name, value) => unwrap(commands.setWorkflowSecret(name, value)),
  deleteWorkflowSecret: (name) => unwrap(commands.deleteWorkflowSecret(name)),
};

/** Whether a failed save was refused because the stored revision moved on (edited elsewhere). */
export function isConflict(e: unknown): boolean {
  return e instanceof CommandError ? e.detail.code === "conflict" : !!e && typeof e === "object" && (e as { code?: unknown }).code === "conflict";
}
