import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Preset } from "../../bindings";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { toAppError, type AppError } from "../../lib/api";
import { emptyForm, toInput, validate, type ProviderForm } from "./form";
import { useProviders } from "../../data/providers";

type Props = { initial: ProviderForm; presets: Preset[]; onDone: () => void };

export function ProviderEditor({ initial, presets, onDone }: Props) {
  const { t } = useTranslation();
  const save = useProviders((s) => s.save);
  const [form, setForm] = useState(initial);
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const [touched, setTouched] = useState(false);
  const preset = presets.find((p) => p.id === form.preset);
  const problems = validate(form, preset);
  const patch = (p: Partial<ProviderForm>) => setForm((f) => ({ ...f, ...p }));

  const submit = async () => {
    setTouched(true);
    if (problems.length) return;
    setSaving(true);
    setError(null);
    try {
      await save(toInput(form));
      onDone();
    } catch (e) {
      setError(toAppError(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="card editor"
      data-testid="provider-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        {t("providers.preset")}
        <select
          data-testid="preset-select"
          value={form.preset}
          disabled={form.id !== null}
          onChange={(e) => {
            const next = presets.find((p) => p.id === e.target.value);
            if (next) setForm({ ...emptyForm(next), id: form.id });
          }}
        >
          {presets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("providers.name")}
        <input data-testid="provider-name" value={form.name} onChange={(e) => patch({ name: e.target.value })} />
      </label>
      <label>
        {t("providers.baseUrl")}
        <input data-testid="provider-base-url" value={form.baseUrl} onChange={(e) => patch({ baseUrl: e.target.value })} placeholder="https://…/v1" />
        {touched && problems.includes("baseUrl") && <span className="field-error">{t("providers.validation.baseUrl")}</span>}
      </label>
      <label>
        {t("providers.apiKey")}
        <input
          data-testid="provider-api-key"
          type="password"
          autoComplete="off"
          value={form.apiKey}
          onChange={(e) => patch({ apiKey: e.target.value, removeKey: false })}
          placeholder={form.hasStoredKey ? "••••••••" : t("providers.apiKeyPlaceholder")}
        />
        <span className="hint">{form.hasStoredKey ? t("providers.apiKeyStored") : !preset?.needs_key ? t("providers.apiKeyOptional") : ""}</span>
        {form.hasStoredKey && (
          <label className="inline">
            <input type="checkbox" checked={form.removeKey} onChange={(e) => patch({ removeKey: e.target.checked, apiKey: "" })} />
            {t("providers.removeKey")}
          </label>
        )}
        {touched && problems.includes("apiKey") && <span className="field-error">{t("providers.validation.apiKey")}</span>}
      </label>
      <label>
        {t("providers.defaultModel")}
        <input data-testid="provider-default-model" list="preset-models" value={form.defaultModel} onChange={(e) => patch({ defaultModel: e.target.value })} />
        <datalist id="preset-models">
          {preset?.models.map((m) => <option key={m} value={m} />)}
        </datalist>
      </label>
      <fieldset>
        <legend>{t("providers.headers")}</legend>
        {form.headers.map((h, i) => (
          <div className="row" key={i}>
            <input
              placeholder={t("providers.headerName")}
              value={h.name}
              onChange={(e) => patch({ headers: form.headers.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) })}
            />
            <input
              placeholder={t("providers.headerValue")}
              value={h.value}
              onChange={(e) => patch({ headers: form.headers.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)) })}
            />
            <button type="button" className="icon" onClick={() => patch({ headers: form.headers.filter((_, j) => j !== i) })}>
              ✕
            </button>
          </div>
        ))}
        <button type="button" className="link" onClick={() => patch({ headers: [...form.headers, { name: "", value: "" }] })}>
          + {t("providers.addHeader")}
        </button>
        {touched && problems.includes("header") && <span className="field-error">{t("providers.validation.header")}</span>}
      </fieldset>
      {error && <ErrorBanner error={error} />}
      <div className="row end">
        <button type="button" className="link" onClick={onDone}>
          {t("providers.cancel")}
        </button>
        <button type="submit" className="primary" disabled={saving} data-testid="provider-save">
          {t("providers.save")}
        </button>
      </div>
    </form>
  );
}
