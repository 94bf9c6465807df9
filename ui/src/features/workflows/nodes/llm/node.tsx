import { memo } from "react";
import { useTranslation } from "react-i18next";
import { useProviders } from "../../../../data/providers";
import { NodeShell } from "../../canvas/NodeShell";
import type { NodeViewProps } from "../types";
import { targetLabel } from "./defaults";

export const LlmNode = memo(function LlmNode({ data, selected }: NodeViewProps) {
  const { t } = useTranslation();
  const c = data.node.config;
  const target = c.kind === "llm" ? c.target : null;
  const providerName = useProviders((s) => (target?.kind === "model" ? s.providers.find((p) => p.id === target.provider_id)?.name ?? target.provider_id : ""));
  return (
    <NodeShell node={data.node} selected={selected}>
      <div className={`wf-line ${target ? "" : "warn"}`}>{target ? targetLabel(target, () => providerName) : t("workflows.llm.noTarget")}</div>
      {c.kind === "llm" && c.json_output && <div className="wf-line muted">JSON</div>}
    </NodeShell>
  );
});
