// The run's inputs, a form made from the Start node's fields (prefilled from the last run), then the run.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Dialog } from "../../../lib/Dialog";
import type { WorkflowDoc } from "../../../data/workflows";
import { buildInputsForm, parseInputs, startFields, type InputError } from "./inputsForm";

type Props = {
  doc: WorkflowDoc;
  fromNode: string | null;
  previous: unknown;
  onRun: (inputs: Record<string, unknown>) => void;
  onClose: () => void;
};

export function InputsDialog({ doc, fromNode, previous, onRun, onClose }: Props) {
  const { t } = useTranslation();
  const form = useMemo(() => buildInputsForm(startFields(doc), previous), [doc, previous]);
  const [values, setValues] = useState<Record<string, string | boolean>>(() => Object.fromEntries(form.map((f) => [f.name, f.initial])));
  const [errors, setErrors] = useState<Record<string, InputError>>({});
  const node = fromNode ? doc.nodes.find((n) => n.id === fromNode) : undefined;
  const submit = () => {
    const parsed = parseInputs(form, values);
    setErrors(parsed.errors);
    if (Object.keys(parsed.errors).length === 0) onRun(parsed.inputs);
  };
  return (
    <Dialog title={node ? t("workflows.run.fromHereTitle", { node: node.title || node.id }) : t("workflows.run.title")} onClose={onClose} testId="wf-inputs-dialog" wide>
      <form
        className="wf-inputs"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {node && <p className="hint">{t("workflows.run.fromHereHint")}</p>}
        {form.length === 0 && <p className="muted">{t("workflows.run.noInputs")}</p>}
        {form.map((f) => (
          <div key={f.name} className="wf-input">
            {f.control === "checkbox" ? (
              <label className="inline">
                <input type="checkbox" checked={values[f.name] === true} onChange={(e) => setValues({ ...values, [f.name]: e.target.checked })} data-testid={`wf-input-${f.name}`} /> {f.name}
              </label>
            ) : (
              <label>
                <span>
                  {f.name} <span className="hint">{t(`workflows.varType.${f.type}`)}{f.required ? ` · ${t("workflows.run.required")}` : ""}</span>
                </span>
                {f.control === "number" ? (
                  <input type="number" step="any" value={String(values[f.name] ?? "")} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })} data-testid={`wf-input-${f.name}`} />
                ) : (
                  <textarea rows={f.control === "json" ? 4 : 2} spellCheck={f.control !== "json"} value={String(values[f.name] ?? "")} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })} data-testid={`wf-input-${f.name}`} />
                )}
              </label>
            )}
            {errors[f.name] && <span className="field-error">{t(`workflows.inputError.${errors[f.name]}`)}</span>}
          </div>
        ))}
        <div className="row end">
          <button type="button" onClick={onClose}>
            {t("dialog.cancel")}
          </button>
          <button type="submit" className="primary" data-testid="wf-inputs-run">
            {t("workflows.run.start")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
