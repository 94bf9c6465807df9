import { useContext } from "react";
import { useTranslation } from "react-i18next";
import { NumberField, VarField, VarsContext } from "../../panels/fields";
import { InnerVarsContext } from "../../panels/innerVars";
import type { PanelProps } from "../types";

export function IterationPanel({ node, config, onChange }: PanelProps<"iteration">) {
  const { t } = useTranslation();
  const inner = useContext(InnerVarsContext);
  return (
    <>
      <VarField label={t("workflows.iteration.items")} value={config.items} onChange={(items) => onChange({ ...config, items }, "items")} testId="wf-iteration-items" />
      <NumberField label={t("workflows.iteration.parallelism")} value={config.parallelism} min={1} max={32} step={1} onChange={(v) => onChange({ ...config, parallelism: v ?? 1 }, "parallelism")} />
      <VarsContext.Provider value={inner}>
        <VarField label={t("workflows.iteration.output")} value={config.output} onChange={(output) => onChange({ ...config, output }, "output")} testId="wf-iteration-output" />
      </VarsContext.Provider>
      <p className="hint">{t("workflows.iteration.hint", { item: `{{${node.id}.item}}`, index: `{{${node.id}.index}}` })}</p>
    </>
  );
}
