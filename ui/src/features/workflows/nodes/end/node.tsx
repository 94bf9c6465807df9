import { memo } from "react";
import { NodeShell } from "../../canvas/NodeShell";
import type { NodeViewProps } from "../types";

export const EndNode = memo(function EndNode({ data, selected }: NodeViewProps) {
  const c = data.node.config;
  return (
    <NodeShell node={data.node} selected={selected}>
      {c.kind === "end" &&
        c.outputs.map((o, i) => (
          <div key={i} className="wf-line wf-clip">
            <code>{o.name}</code> <span className="muted">{o.value}</span>
          </div>
        ))}
    </NodeShell>
  );
});
