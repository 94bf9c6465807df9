import { memo } from "react";
import { useTranslation } from "react-i18next";
import { NodeShell } from "../../canvas/NodeShell";
import type { NodeViewProps } from "../types";
import { UNARY } from "./defaults";

export const ConditionNode = memo(function ConditionNode({ data, selected }: NodeViewProps) {
  const { t } = useTranslation();
  const c = data.node.config;
  return (
    <NodeShell node={data.node} selected={selected}>
      {c.kind === "condition" &&
        c.branches.map((b) => (
          <div key={b.id} className="wf-line wf-clip">
            <code>{b.id}</code>{" "}
            {b.when.map((w) => `${w.left || "…"} ${t(`workflows.op.${w.op}`)}${UNARY.has(w.op) ? "" : ` ${w.right}`}`).join(b.all ? ` ${t("workflows.condition.and")} ` : ` ${t("workflows.condition.or")} `)}
          </div>
        ))}
    </NodeShell>
  );
});
