import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { PriceOverride_Deserialize } from "../../../bindings";
import type { Provider } from "../../../data/providers";
import { priceFromForm, type PriceField, type PriceForm } from "./form";

type Props = { initial: PriceForm; editing: boolean; providers: Provider[]; onSave: (price: PriceOverride_Deserialize) => Promise<void>; onCancel: () => void };

const AMOUNTS: PriceField[] = ["input", "output", "cacheRead", "cacheWrite", "reasoning"];

export function PriceEditor({ initial, editing, providers, onSave, onCancel }: Props) {
  const { t } = useTranslation();
  const [form, setForm] = useState(initial);
  const [problems, setProblems] = useState<PriceField[]>([]);
  const [saving, setSaving] = useState(false);
  const set = (patch: Partial<PriceForm>) => setForm((f) => ({ ...f, ...patch }));
  const problem = (f: PriceField) => problems.includes(f) && <span className="field-error">{t(`usage.prices.problem.${f}`)}</span>;
  const models = providers.find((p) => p.id === form.providerId)?.models ?? [];

  return (
    <form
      className="card editor"
      data-testid="price-editor"
      onSubmit={async (e) => {
        e.preventDefault();
        const result = priceFromForm(form);
        if ("problems" in result) return setProblems(result.problems);
        setSaving(true);
        try {
          await onSave(result.price);
        } finally {
          setSaving(false);
        }
      }}
    >
      <h3>{editing ? t("usage.prices.edit") : t("usage.prices.add")}</h3>
      <div className="row form-row">
        <label>
          {t("usage.log.provider")}
          <select value={form.providerId} disabled={editing} onChange={(e) => set({ providerId: e.target.value })}>
            <option value="">—</option>
            {providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          {problem("providerId")}
        </label>
        <label>
          {t("usage.log.model")}
          <input list="price-models" value={form.model} disabled={editing} onChange={(e) => set({ model: e.target.value })} data-testid="price-model" />
          <datalist id="price-models">
            {models.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
          {problem("model")}
        </label>
        <label className="narrow-field">
          {t("usage.prices.currency")}
          <input value={form.currency} maxLength={3} onChange={(e) => set({ currency: e.target.value.toUpperCase() })} />
          {problem("currency")}
        </label>
      </div>
      <p className="hint">{t("usage.prices.perMillion", { currency: form.currency || "USD" })}</p>
      <div className="price-fields">
        {AMOUNTS.map((f) => (
          <label key={f}>
            {t(`usage.prices.field.${f}`)}
            <input inputMode="decimal" value={form[f]} onChange={(e) => set({ [f]: e.target.value })} placeholder={f === "input" || f === "output" ? "0.00" : t("usage.prices.blankDefault")} data-testid={`price-${f}`} />
            {problem(f)}
          </label>
        ))}
      </div>
      <div className="row end">
        <button type="button" className="link" onClick={onCancel}>
          {t("chat.cancel")}
        </button>
        <button type="submit" className="primary" disabled={saving} data-testid="price-save">
          {t("usage.prices.save")}
        </button>
      </div>
    </form>
  );
}
