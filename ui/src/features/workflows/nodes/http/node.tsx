import { memo } from "react";
import { NodeShell } from "../../canvas/NodeShell";
import type { NodeViewProps } from "../types";

export const HttpNode = memo(function HttpNode({ data, selected }: NodeViewProps) {
  const c = data.node.config;
  return (
    <NodeShell node={data.node} selected={selected}>
      {c.kind === "http" && (
        <div className="wf-line wf-clip">
          <strong>{c.method}</strong> {c.url || "…"}
        </div>
      )}
    </NodeShell>
  );
});
