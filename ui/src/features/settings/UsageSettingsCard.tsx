import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Settings_Serialize } from "../../bindings";
import { toAppError, type AppError } from "../../lib/api";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { Icon } from "../../lib/icons";
import { parseRetention, ratesFromRows, rowsFromRates, type RateRow } from "./usageSettings";

type Props = { settings: Settings_Serialize; onSave: (patch: Partial<Settings_Serialize>) => Promise<void> };

/** Exchange rates for prices in other currencies, how long the request log is kept, and the daily summary. */
export function UsageSettingsCard({ settings, onSave }: Props) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<RateRow[]>(() => rowsFromRates(settings.exchange_rates ?? []));
  const [retention, setRetention] = useState(settings.retention_days == null ? "" : String(settings.retention_days));
  const [badRows, setBadRows] = useState<number[]>([]);
  const [badRetention, setBadRetention] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  // Compared by value: every settings save returns a new array, and toggling the daily report must not wipe
  // rates that are being typed.
  const savedRates = JSON.stringify(settings.exchange_rates ?? []);
  useEffect(() => {
    setRows(rowsFromRates(JSON.parse(savedRates)));
    setRetention(settings.retention_days == null ? "" : String(settings.retention_days));
  }, [savedRates, settings.retention_days]);

  const setRow = (i: number, patch: Partial<RateRow>) => {
    setSaved(false);
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  };

  const save = async () => {
    const rates = ratesFromRows(rows);
    const days = parseRetention(retention);
    setBadRows("badRows" in rates ? rates.badRows : []);
    setBadRetention("invalid" in days);
    if ("badRows" in rates || "invalid" in days) return;
    try {
      await onSave({ exchange_rates: rates.rates, retention_days: days.days });
      setSaved(true);
      setError(null);
    } catch (e) {
      setError(toAppError(e));
    }
  };

  return (
    <div className="card" data-testid="usage-settings">
      <h3>{t("settings.costs.title")}</h3>
      <h4>{t("settings.costs.rates")}</h4>
      <p className="hint">{t("settings.costs.ratesHint")}</p>
      <ul className="keys">
        {rows.map((r, i) => (
          <li key={i} className="row">
            <span>1</span>
            <input className="currency" aria-label={t("usage.prices.currency")} value={r.currency} maxLength={3} onChange={(e) => setRow(i, { currency: e.target.value.toUpperCase() })} />
            <span>= $</span>
            <input inputMode="decimal" aria-label={t("settings.costs.usdPerUnit")} value={r.usdPerUnit} onChange={(e) => setRow(i, { usdPerUnit: e.target.value })} />
            <button className="icon" title={t("usage.prices.delete")} onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}>
              <Icon name="trash" />
            </button>
            {badRows.includes(i) && <span className="field-error">{t("settings.costs.badRate")}</span>}
          </li>
        ))}
      </ul>
      <div>
        <button onClick={() => setRows((rs) => [...rs, { currency: "", usdPerUnit: "" }])}>+ {t("settings.costs.addRate")}</button>
      </div>
      <label>
        {t("settings.costs.retention")}
        <input className="port" inputMode="numeric" value={retention} onChange={(e) => (setSaved(false), setRetention(e.target.value))} placeholder={t("settings.costs.forever")} data-testid="retention-days" />
        <span className="hint">{t("settings.costs.retentionHint")}</span>
        {badRetention && <span className="field-error">{t("settings.costs.badRetention")}</span>}
      </label>
      <div className="row">
        <button className="primary" onClick={() => void save()} data-testid="save-usage-settings">
          {t("settings.costs.save")}
        </button>
        {saved && <span className="test-result ok">{t("providers.saved")}</span>}
      </div>
      <label className="inline">
        <input
          type="checkbox"
          checked={settings.daily_report_notification ?? false}
          onChange={(e) => void onSave({ daily_report_notification: e.target.checked }).catch((err) => setError(toAppError(err)))}
          data-testid="daily-report-toggle"
        />
        {t("settings.costs.dailyReport")}
      </label>
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
    </div>
  );
}
