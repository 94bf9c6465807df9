import { memo } from "react";
import { NodeShell } from "../../canvas/NodeShell";
import type { NodeViewProps } from "../types";

export const AggregateNode = memo(function AggregateNode({ data, selected }: NodeViewProps) {
  const c = data.node.config;
  return (
    <NodeShell node={data.node} selected={selected}>
      {c.kind === "aggregate" &&
        c.variables.filter(Boolean).slice(0, 4).map((v) => (
          <div key={v} className="wf-line wf-clip">
            <code>{v}</code>
          </div>
        ))}
    </NodeShell>
  );
});
