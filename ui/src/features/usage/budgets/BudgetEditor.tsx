import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AccessKey_Serialize, Budget } from "../../../bindings";
import type { Provider } from "../../../data/providers";
import { ACTIONS, budgetFromForm, PERIODS, SCOPE_KINDS, type BudgetForm, type BudgetProblem } from "./form";

type Props = {
  initial: BudgetForm;
  providers: Provider[];
  keys: AccessKey_Serialize[];
  onSave: (budget: Budget) => Promise<void>;
  onCancel: () => void;
};

export function BudgetEditor({ initial, providers, keys, onSave, onCancel }: Props) {
  const { t } = useTranslation();
  const [form, setForm] = useState(initial);
  const [problems, setProblems] = useState<BudgetProblem[]>([]);
  const [saving, setSaving] = useState(false);
  const set = (patch: Partial<BudgetForm>) => setForm((f) => ({ ...f, ...patch }));
  const problem = (p: BudgetProblem) => problems.includes(p) && <span className="field-error">{t(`usage.budgets.problem.${p}`)}</span>;

  return (
    <form
      className="card editor"
      data-testid="budget-editor"
      onSubmit={async (e) => {
        e.preventDefault();
        const result = budgetFromForm(form);
        if ("problems" in result) return setProblems(result.problems);
        setSaving(true);
        try {
          await onSave(result.budget);
        } finally {
          setSaving(false);
        }
      }}
    >
      <h3>{form.id ? t("usage.budgets.edit") : t("usage.budgets.add")}</h3>
      <label>
        {t("usage.budgets.name")}
        <input value={form.name} onChange={(e) => set({ name: e.target.value })} placeholder={t("usage.budgets.namePlaceholder")} data-testid="budget-name" />
        {problem("name")}
      </label>
      <label>
        {t("usage.budgets.scope")}
        <select value={form.scopeKind} onChange={(e) => set({ scopeKind: e.target.value as BudgetForm["scopeKind"] })} data-testid="budget-scope">
          {SCOPE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`usage.budgets.scopeKind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      {form.scopeKind === "provider" && (
        <label>
          {t("usage.log.provider")}
          <select value={form.providerId} onChange={(e) => set({ providerId: e.target.value })}>
            <option value="">—</option>
            {providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          {problem("provider")}
        </label>
      )}
      {form.scopeKind === "access_key" && (
        <label>
          {t("usage.budgets.key")}
          <select value={form.keyId} onChange={(e) => set({ keyId: e.target.value })}>
            <option value="">—</option>
            {keys.map((k) => (
              <option key={k.id} value={k.id}>
                {k.name} ({k.prefix})
              </option>
            ))}
          </select>
          {keys.length === 0 && <span className="hint">{t("usage.budgets.noKeys")}</span>}
          {problem("key")}
        </label>
      )}
      <div className="row form-row">
        <label>
          {t("usage.budgets.period")}
          <select value={form.period} onChange={(e) => set({ period: e.target.value as BudgetForm["period"] })}>
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {t(`usage.budgets.periodKind.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("usage.budgets.limit")}
          <input inputMode="decimal" value={form.limit} onChange={(e) => set({ limit: e.target.value })} placeholder="20.00" data-testid="budget-limit" />
          {problem("limit")}
        </label>
      </div>
      <fieldset>
        <legend>{t("usage.budgets.action")}</legend>
        {ACTIONS.map((a) => (
          <label key={a} className="inline">
            <input type="radio" name="budget-action" checked={form.action === a} onChange={() => set({ action: a })} /> {t(`usage.budgets.actionKind.${a}`)}
          </label>
        ))}
      </fieldset>
      <div className="row end">
        <button type="button" className="link" onClick={onCancel}>
          {t("chat.cancel")}
        </button>
        <button type="submit" className="primary" disabled={saving} data-testid="budget-save">
          {t("usage.budgets.save")}
        </button>
      </div>
    </form>
  );
}
