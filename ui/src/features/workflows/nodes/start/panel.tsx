import { useState } from "react";
import { useTranslation } from "react-i18next";
import { VAR_TYPES, type Field, type VarType } from "../../../../data/workflows";
import { CheckField, ListEditor, Section, SelectField, TextField } from "../../panels/fields";
import type { PanelProps } from "../types";

/** A default typed as text, kept as the value of the field's type once it reads as one. */
function DefaultInput({ field, onChange }: { field: Field; onChange: (v: unknown) => void }) {
  const { t } = useTranslation();
  const shown = field.default === null || field.default === undefined ? "" : typeof field.default === "string" ? field.default : JSON.stringify(field.default);
  const [text, setText] = useState(shown);
  const [bad, setBad] = useState(false);
  const commit = (value: string) => {
    setText(value);
    if (value.trim() === "") return (setBad(false), onChange(null));
    if (field.type === "string") return (setBad(false), onChange(value));
    try {
      onChange(JSON.parse(value));
      setBad(false);
    } catch {
      if (field.type === "any") onChange(value);
      else setBad(true);
    }
  };
  if (field.type === "boolean") {
    return <CheckField label={t("workflows.start.defaultTrue")} value={field.default === true} onChange={(v) => onChange(v)} />;
  }
  return (
    <label>
      {t("workflows.start.default")}
      <input value={text} onChange={(e) => commit(e.target.value)} />
      {bad && <span className="field-error">{t("workflows.start.badDefault")}</span>}
    </label>
  );
}

export function StartPanel({ config, onChange }: PanelProps<"start">) {
  const { t } = useTranslation();
  const types = VAR_TYPES.map((v) => ({ value: v, label: t(`workflows.varType.${v}`) }));
  return (
    <Section title={t("workflows.start.inputs")}>
      <p className="hint">{t("workflows.start.hint", { example: "{{start.input}}" })}</p>
      <ListEditor<Field>
        items={config.inputs}
        testId="wf-start-inputs"
        addLabel={t("workflows.start.addInput")}
        make={() => ({ name: `input_${config.inputs.length + 1}`, type: "string", required: false, default: null })}
        onChange={(inputs) => onChange({ ...config, inputs }, "inputs")}
        render={(f, set) => (
          <>
            <TextField label={t("workflows.start.name")} value={f.name} onChange={(name) => set({ ...f, name })} />
            <SelectField<VarType> label={t("workflows.start.type")} value={f.type} options={types} onChange={(type) => set({ ...f, type, default: null })} />
            <CheckField label={t("workflows.start.required")} value={f.required} onChange={(required) => set({ ...f, required })} />
            <DefaultInput key={f.type} field={f} onChange={(d) => set({ ...f, default: d })} />
          </>
        )}
      />
    </Section>
  );
}
