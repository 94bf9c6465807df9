import { memo } from "react";
import { NodeShell } from "../../canvas/NodeShell";
import type { NodeViewProps } from "../types";

export const TemplateNode = memo(function TemplateNode({ data, selected }: NodeViewProps) {
  const c = data.node.config;
  return (
    <NodeShell node={data.node} selected={selected}>
      {c.kind === "template" && c.template && <div className="wf-line wf-clip">{c.template}</div>}
    </NodeShell>
  );
});
