import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { RateLimits, RateLimits_Serialize } from "../../bindings";
import { toAppError, type AppError } from "../../lib/api";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { limitInput, parseLimits, type LimitField } from "./rateLimits";

type Props = {
  limits: RateLimits | undefined;
  /** A revoked key's limits are shown, not edited. */
  editable: boolean;
  onSave: (limits: RateLimits_Serialize) => Promise<void>;
};

/** One access key's requests and tokens per minute: what they are, and a small form to set or clear them. */
export function KeyLimits({ limits, editable, onSave }: Props) {
  const { t, i18n } = useTranslation();
  const [rpm, tpm] = [limits?.requests_per_minute ?? null, limits?.tokens_per_minute ?? null];
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState({ rpm: "", tpm: "" });
  const [bad, setBad] = useState<LimitField[]>([]);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  const count = (n: number) => n.toLocaleString(i18n.language);
  const parts = [
    ...(rpm === null ? [] : [t("gateway.limits.requests", { n: count(rpm) })]),
    ...(tpm === null ? [] : [t("gateway.limits.tokens", { n: count(tpm) })]),
  ];
  const open = () => {
    setForm({ rpm: limitInput(rpm), tpm: limitInput(tpm) });
    setBad([]);
    setError(null);
    setEditing(true);
  };
  const save = async () => {
    const parsed = parseLimits(form.rpm, form.tpm);
    if ("bad" in parsed) {
      setBad(parsed.bad);
      return;
    }
    setBad([]);
    setBusy(true);
    try {
      await onSave(parsed.limits);
      setEditing(false);
      setError(null);
    } catch (e) {
      const err = toAppError(e);
      setError(err);
      if (err.code === "invalid_rate_limit") setBad(["rpm", "tpm"]);
    } finally {
      setBusy(false);
    }
  };

  const input = (field: LimitField) => (
    <label className="inline">
      {t(`gateway.limits.${field}`)}
      <input
        className="port"
        inputMode="numeric"
        data-testid={`limit-${field}`}
        placeholder={t("gateway.limits.placeholder")}
        aria-invalid={bad.includes(field)}
        value={form[field]}
        onChange={(e) => setForm((f) => ({ ...f, [field]: e.target.value }))}
      />
    </label>
  );

  return (
    <div className="key-limits small" data-testid="key-limits">
      <div className="row">
        <span className="muted" data-testid="limits-summary">
          {parts.length ? parts.join(" · ") : t("gateway.limits.none")}
        </span>
        {editable && !editing && (
          <button className="link small" onClick={open} data-testid="edit-limits">
            {t("gateway.limits.edit")}
          </button>
        )}
      </div>
      {editing && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {input("rpm")}
          {input("tpm")}
          <button type="submit" className="primary" disabled={busy} data-testid="save-limits">
            {t("gateway.limits.save")}
          </button>
          <button type="button" className="link" onClick={() => setEditing(false)}>
            {t("gateway.limits.cancel")}
          </button>
        </form>
      )}
      {editing && bad.length > 0 && <div className="field-error">{t("gateway.limits.bad")}</div>}
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
    </div>
  );
}
