import type { WorkflowDoc } from "../../ui/src/data/workflows";

export function makeDoc(options?: { nodes?: number; edges?: number; route?: string; seed?: number }): { doc: WorkflowDoc; llm: number; template: number; layers: number };
