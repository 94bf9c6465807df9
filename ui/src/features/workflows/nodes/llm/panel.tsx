import { useTranslation } from "react-i18next";
import { CheckField, NumberField, TemplateField } from "../../panels/fields";
import type { PanelProps } from "../types";
import { TargetPicker } from "./TargetPicker";

const SCHEMA_EXAMPLE = '{"type": "object", "properties": {"title": {"type": "string"}}}';

export function LlmPanel({ config, onChange }: PanelProps<"llm">) {
  const { t } = useTranslation();
  return (
    <>
      <TargetPicker target={config.target} onChange={(target) => onChange({ ...config, target }, "target")} />
      <TemplateField label={t("workflows.llm.system")} rows={3} value={config.system} onChange={(system) => onChange({ ...config, system }, "system")} testId="wf-llm-system" />
      <TemplateField label={t("workflows.llm.user")} rows={5} value={config.user} placeholder={t("workflows.llm.userPlaceholder", { example: "{{start.input}}" })} onChange={(user) => onChange({ ...config, user }, "user")} testId="wf-llm-user" />
      <div className="wf-pair">
        <NumberField label={t("workflows.llm.temperature")} value={config.temperature} min={0} max={2} step={0.1} placeholder={t("workflows.llm.providerDefault")} onChange={(temperature) => onChange({ ...config, temperature }, "temperature")} />
        <NumberField label={t("workflows.llm.maxTokens")} value={config.max_tokens} min={1} step={1} placeholder={t("workflows.llm.providerDefault")} onChange={(max_tokens) => onChange({ ...config, max_tokens }, "max_tokens")} />
      </div>
      <CheckField label={t("workflows.llm.jsonOutput")} value={config.json_output} onChange={(json_output) => onChange({ ...config, json_output }, "json_output")} testId="wf-llm-json" />
      {config.json_output && (
        <label>
          {t("workflows.llm.jsonSchema")}
          <textarea rows={5} spellCheck={false} value={config.json_schema} placeholder={SCHEMA_EXAMPLE} onChange={(e) => onChange({ ...config, json_schema: e.target.value }, "json_schema")} />
        </label>
      )}
    </>
  );
}
