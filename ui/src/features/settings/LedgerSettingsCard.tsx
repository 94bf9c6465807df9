import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Settings_Serialize, WhenLedgerFull } from "../../bindings";
import { toAppError, type AppError } from "../../lib/api";
import { formatCount as count } from "../../lib/cache";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { LEDGER_BUFFER_LIMITS, parseLedgerForm, WHEN_FULL } from "./ledgerSettings";

type Props = { settings: Settings_Serialize; onSave: (patch: Partial<Settings_Serialize>) => Promise<void> };

/** How many usage records may wait in memory while the disk is full, and what happens to new calls past that. */
export function LedgerSettingsCard({ settings, onSave }: Props) {
  const { t } = useTranslation();
  const [rows, setRows] = useState(String(settings.ledger_buffer_rows));
  const [whenFull, setWhenFull] = useState<WhenLedgerFull>(settings.ledger_when_full);
  const [bad, setBad] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  // Reset to what is saved only when these two change: another card's save must not wipe what is typed here.
  const { ledger_buffer_rows, ledger_when_full } = settings;
  useEffect(() => {
    setRows(String(ledger_buffer_rows));
    setWhenFull(ledger_when_full);
  }, [ledger_buffer_rows, ledger_when_full]);

  const save = async () => {
    const patch = parseLedgerForm(rows, whenFull);
    setBad(patch === null);
    if (patch === null) return;
    try {
      await onSave(patch);
      setSaved(true);
      setError(null);
    } catch (e) {
      const err = toAppError(e);
      setBad(err.code === "invalid_ledger_buffer");
      setError(err);
    }
  };

  return (
    <div className="card ledger-card" data-testid="ledger-settings">
      <h3>{t("settings.ledger.title")}</h3>
      <p className="hint">{t("settings.ledger.intro")}</p>
      <label>
        {t("settings.ledger.bufferRows")}
        <input
          className={`port ${bad ? "invalid" : ""}`}
          inputMode="numeric"
          value={rows}
          onChange={(e) => (setSaved(false), setRows(e.target.value))}
          aria-invalid={bad}
          data-testid="ledger-buffer-rows"
        />
        {bad && <span className="field-error">{t("settings.ledger.badRows", { min: count(LEDGER_BUFFER_LIMITS.min), max: count(LEDGER_BUFFER_LIMITS.max) })}</span>}
      </label>
      <fieldset className="choices" data-testid="ledger-when-full">
        <legend>{t("settings.ledger.whenFull")}</legend>
        {WHEN_FULL.map((w) => (
          <label key={w} className="choice">
            <input type="radio" name="ledger-when-full" value={w} checked={whenFull === w} onChange={() => (setSaved(false), setWhenFull(w))} data-testid={`ledger-when-full-${w}`} />
            <span>
              <span className="choice-title">{t(`settings.ledger.mode.${w}`)}</span>
              <span className="hint">{t(`settings.ledger.modeHint.${w}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="row">
        <button className="primary" onClick={() => void save()} data-testid="save-ledger-settings">
          {t("settings.ledger.save")}
        </button>
        {saved && <span className="test-result ok">{t("providers.saved")}</span>}
      </div>
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
    </div>
  );
}
