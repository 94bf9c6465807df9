import { memo } from "react";
import { NodeShell } from "../../canvas/NodeShell";
import type { NodeViewProps } from "../types";

export const ExtractNode = memo(function ExtractNode({ data, selected }: NodeViewProps) {
  const c = data.node.config;
  return (
    <NodeShell node={data.node} selected={selected}>
      {c.kind === "extract" && (
        <div className="wf-line wf-clip">
          <code>{c.source || "…"}</code> → <code>{c.pattern}</code>
        </div>
      )}
    </NodeShell>
  );
});
