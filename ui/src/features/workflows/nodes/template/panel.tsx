import { useTranslation } from "react-i18next";
import { TemplateField } from "../../panels/fields";
import type { PanelProps } from "../types";

export function TemplatePanel({ config, onChange }: PanelProps<"template">) {
  const { t } = useTranslation();
  return (
    <TemplateField
      label={t("workflows.template.text")}
      rows={8}
      value={config.template}
      placeholder={t("workflows.template.placeholder", { example: "{{start.input}}" })}
      onChange={(template) => onChange({ ...config, template }, "template")}
      testId="wf-template-text"
    />
  );
}
