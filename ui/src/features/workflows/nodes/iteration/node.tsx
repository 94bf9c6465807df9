import { memo } from "react";
import { useTranslation } from "react-i18next";
import { NodeShell } from "../../canvas/NodeShell";
import type { NodeViewProps } from "../types";

/** A box its sub-graph's nodes sit in (React Flow child nodes); its size follows them. */
export const IterationNode = memo(function IterationNode({ data, selected }: NodeViewProps) {
  const { t } = useTranslation();
  const c = data.node.config;
  return (
    <NodeShell node={data.node} selected={selected} className="wf-iteration">
      {c.kind === "iteration" && (
        <div className="wf-line muted wf-clip">
          {t("workflows.iteration.summary", { items: c.items || "…", parallelism: c.parallelism })}
        </div>
      )}
    </NodeShell>
  );
});
