import { memo } from "react";
import { NodeShell } from "../../canvas/NodeShell";
import type { NodeViewProps } from "../types";

export const StartNode = memo(function StartNode({ data, selected }: NodeViewProps) {
  const c = data.node.config;
  return (
    <NodeShell node={data.node} selected={selected}>
      {c.kind === "start" && c.inputs.map((f) => (
        <div key={f.name} className="wf-line">
          <code>{f.name}</code> <span className="muted">{f.type}</span>
        </div>
      ))}
    </NodeShell>
  );
});
