import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Settings_Serialize } from "../../bindings";
import { toAppError, type AppError } from "../../lib/api";
import { formatCount as count } from "../../lib/cache";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { QUEUE_FIELDS, QUEUE_LIMITS, fieldsOfError, formFromSettings, parseQueueForm, type QueueField, type QueueForm } from "./queueSettings";

type Props = { settings: Settings_Serialize; onSave: (patch: Partial<Settings_Serialize>) => Promise<void> };

/** How much may wait in the offline queue, and what happens when it is full. */
export function QueueSettingsCard({ settings, onSave }: Props) {
  const { t } = useTranslation();
  const [form, setForm] = useState<QueueForm>(() => formFromSettings(settings));
  const [bad, setBad] = useState<QueueField[]>([]);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  // Reset to what is saved only when a saved limit changes: another card's save must not wipe what is typed here.
  const { queue_max_items, queue_max_kb } = settings;
  useEffect(() => setForm(formFromSettings({ queue_max_items, queue_max_kb })), [queue_max_items, queue_max_kb]);

  const setField = (f: QueueField, value: string) => {
    setSaved(false);
    setForm((x) => ({ ...x, [f]: value }));
  };

  const save = async () => {
    const parsed = parseQueueForm(form);
    setBad("bad" in parsed ? parsed.bad : []);
    if ("bad" in parsed) return;
    try {
      await onSave(parsed.numbers);
      setSaved(true);
      setError(null);
    } catch (e) {
      const err = toAppError(e);
      setBad(fieldsOfError(err.code));
      setError(err);
    }
  };

  return (
    <div className="card queue-card" data-testid="queue-settings">
      <h3>{t("settings.queue.title")}</h3>
      <p className="hint">{t("settings.queue.intro")}</p>
      <div className="row form-row">
        {QUEUE_FIELDS.map((f) => (
          <label key={f} className="narrow-label">
            {t(`settings.queue.field.${f}`)}
            <input
              className={`port ${bad.includes(f) ? "invalid" : ""}`}
              inputMode="numeric"
              value={form[f]}
              onChange={(e) => setField(f, e.target.value)}
              aria-invalid={bad.includes(f)}
              data-testid={`queue-${f}`}
            />
            {bad.includes(f) && (
              <span className="field-error">{t(`settings.queue.bad.${f}`, { min: count(QUEUE_LIMITS[f].min), max: count(QUEUE_LIMITS[f].max) })}</span>
            )}
          </label>
        ))}
      </div>
      <p className="hint" data-testid="queue-policy">{t("settings.queue.policy")}</p>
      <div className="row">
        <button className="primary" onClick={() => void save()} data-testid="save-queue-settings">
          {t("settings.queue.save")}
        </button>
        {saved && <span className="test-result ok">{t("providers.saved")}</span>}
      </div>
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
    </div>
  );
}
