import { useTranslation } from "react-i18next";
import type { EndOutput } from "../../../../data/workflows";
import { ListEditor, TemplateField, TextField } from "../../panels/fields";
import type { PanelProps } from "../types";

export function EndPanel({ config, onChange }: PanelProps<"end">) {
  const { t } = useTranslation();
  return (
    <>
      <p className="hint">{t("workflows.end.hint")}</p>
      <ListEditor<EndOutput>
        items={config.outputs}
        testId="wf-end-outputs"
        addLabel={t("workflows.end.add")}
        make={() => ({ name: `output_${config.outputs.length + 1}`, value: "" })}
        onChange={(outputs) => onChange({ ...config, outputs }, "outputs")}
        render={(o, set) => (
          <>
            <TextField label={t("workflows.end.name")} value={o.name} onChange={(name) => set({ ...o, name })} />
            <TemplateField label={t("workflows.end.value")} rows={2} value={o.value} onChange={(value) => set({ ...o, value })} />
          </>
        )}
      />
    </>
  );
}
