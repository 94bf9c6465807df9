// What a node kind is made of: its pure spec (defaults.ts) and its views (node.tsx on the canvas, panel.tsx beside
// it). Each kind's folder puts them together in index.ts; registry.ts lists the kinds.
import type { ComponentType } from "react";
import type { Node, NodeProps } from "@xyflow/react";
import type { ConfigOf, NodeKind, ProblemCode, WorkflowNode } from "../../../data/workflows";

/** Codes only the editor reports (the core's are ProblemCode). */
export type ClientCode = "out_of_range";
export const CLIENT_CODES: ClientCode[] = ["out_of_range"];
/** A problem with a node's own fields, found without asking the core. */
export type FieldProblem = { code: ProblemCode | ClientCode; subject: string };

export type KindSpec<K extends NodeKind> = {
  kind: K;
  /** The config of a new node of this kind. */
  defaults: () => ConfigOf<K>;
  /** The outputs templates after it can name (`{{id.output}}`). */
  outputs: (config: ConfigOf<K>) => string[];
  validate: (config: ConfigOf<K>) => FieldProblem[];
  /** Whether it can fail, so retry, timeout and what to do on error are worth setting. */
  canFail: boolean;
};

/** The data React Flow carries for one canvas node: the document's node, nothing else. */
export type FlowNodeData = { node: WorkflowNode };
export type FlowNode = Node<FlowNodeData>;
export type NodeViewProps = NodeProps<FlowNode>;

export type PanelProps<K extends NodeKind> = {
  node: WorkflowNode;
  config: ConfigOf<K>;
  /** `field` names what changed, so typing in one field is one undo step. */
  onChange: (config: ConfigOf<K>, field: string) => void;
};

export type KindDef<K extends NodeKind = NodeKind> = KindSpec<K> & {
  View: ComponentType<NodeViewProps>;
  Panel: ComponentType<PanelProps<K>>;
};

export function defineKind<K extends NodeKind>(def: KindDef<K>): KindDef<K> {
  return def;
}

/** A name a template can use after the dot: letters, digits, underscores, not starting with a digit. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
