import { useTranslation } from "react-i18next";
import type { ExtractMode } from "../../../../data/workflows";
import { SelectField, TextField, VarField } from "../../panels/fields";
import type { PanelProps } from "../types";

export function ExtractPanel({ config, onChange }: PanelProps<"extract">) {
  const { t } = useTranslation();
  return (
    <>
      <VarField label={t("workflows.extract.source")} value={config.source} onChange={(source) => onChange({ ...config, source }, "source")} testId="wf-extract-source" />
      <SelectField<ExtractMode>
        label={t("workflows.extract.mode")}
        value={config.mode}
        options={[
          { value: "json_path", label: t("workflows.extract.jsonPath") },
          { value: "regex", label: t("workflows.extract.regex") },
        ]}
        onChange={(mode) => onChange({ ...config, mode }, "mode")}
      />
      <TextField label={t("workflows.extract.pattern")} value={config.pattern} placeholder={config.mode === "json_path" ? "$.items[0].title" : "id=(\\d+)"} onChange={(pattern) => onChange({ ...config, pattern }, "pattern")} testId="wf-extract-pattern" />
      <p className="hint">{config.mode === "json_path" ? t("workflows.extract.jsonPathHint") : t("workflows.extract.regexHint")}</p>
    </>
  );
}
