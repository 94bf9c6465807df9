import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { CacheClear, CachePolicy, Settings_Serialize } from "../../bindings";
import { useCache } from "../../data/cache";
import { useLiveRefresh } from "../../data/useLiveRefresh";
import { toAppError, type AppError } from "../../lib/api";
import { formatCount as count } from "../../lib/cache";
import { CacheTables } from "./CacheTables";
import { CacheTiles } from "./CacheTiles";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { CACHE_FIELDS, CACHE_LIMITS, CACHE_POLICIES, DEFAULT_POLICY, fieldsOfError, formFromSettings, parseCacheForm, sizeEcho, type CacheField, type CacheForm } from "./cacheSettings";

type Props = { settings: Settings_Serialize; onSave: (patch: Partial<Settings_Serialize>) => Promise<void> };

/** The response cache: which requests it answers, how much it may keep, what it keeps and saved, and clearing it. */
export function CacheSettingsCard({ settings, onSave }: Props) {
  const { t } = useTranslation();
  const { stats, load, clear } = useCache();
  const [form, setForm] = useState<CacheForm>(() => formFromSettings(settings));
  const [bad, setBad] = useState<CacheField[]>([]);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [confirmAll, setConfirmAll] = useState(false);
  const [cleared, setCleared] = useState<number | null>(null);
  const [clearing, setClearing] = useState(false);

  const reload = useCallback(() => void load().catch((e) => setError(toAppError(e))), [load]);
  useEffect(reload, [reload]);
  useLiveRefresh(reload);

  // Reset to what is saved only when a saved number changes: saving the policy must not wipe sizes being typed.
  const { cache_memory_mb, cache_disk_mb, cache_ttl_days } = settings;
  useEffect(() => setForm(formFromSettings({ cache_memory_mb, cache_disk_mb, cache_ttl_days })), [cache_memory_mb, cache_disk_mb, cache_ttl_days]);

  const setField = (f: CacheField, value: string) => {
    setSaved(false);
    setForm((x) => ({ ...x, [f]: value }));
  };

  const savePolicy = (cache_policy: CachePolicy) =>
    void onSave({ cache_policy })
      .then(() => setError(null))
      .catch((e) => setError(toAppError(e)));

  const saveLimits = async () => {
    const parsed = parseCacheForm(form);
    setBad("bad" in parsed ? parsed.bad : []);
    if ("bad" in parsed) return;
    try {
      await onSave(parsed.numbers);
      setForm(formFromSettings(parsed.numbers));
      setSaved(true);
      setError(null);
      reload(); // the caps shown beside the use
    } catch (e) {
      const err = toAppError(e);
      setBad(fieldsOfError(err.code));
      setError(err);
    }
  };

  const run = async (which: CacheClear) => {
    setClearing(true);
    try {
      setCleared(await clear(which));
      setConfirmAll(false);
      setError(null);
    } catch (e) {
      setError(toAppError(e));
    } finally {
      setClearing(false);
    }
  };

  const policy = settings.cache_policy ?? DEFAULT_POLICY;

  return (
    <div className="card cache-card" data-testid="cache-settings">
      <div className="row spread">
        <h3>{t("settings.cache.title")}</h3>
        <button className="link" onClick={reload} data-testid="cache-refresh">
          {t("settings.cache.refresh")}
        </button>
      </div>
      <p className="hint">{t("settings.cache.intro")}</p>

      <fieldset className="choices" data-testid="cache-policy">
        <legend>{t("settings.cache.policy")}</legend>
        {CACHE_POLICIES.map((p) => (
          <label key={p} className="choice">
            <input type="radio" name="cache-policy" value={p} checked={policy === p} onChange={() => savePolicy(p)} data-testid={`cache-policy-${p}`} />
            <span>
              <span className="choice-title">
                {t(`cache.policy.${p}`)}
                {p === DEFAULT_POLICY && <span className="muted"> {t("settings.cache.default")}</span>}
              </span>
              <span className="hint">{t(`cache.policyHint.${p}`)}</span>
            </span>
          </label>
        ))}
        <span className="hint">{t("settings.cache.routesHint")}</span>
      </fieldset>

      <CacheTiles stats={stats} />

      <h4>{t("settings.cache.limits")}</h4>
      <div className="row form-row">
        {CACHE_FIELDS.map((f) => {
          const echo = f === "ttlDays" ? null : sizeEcho(form[f]);
          return (
            <label key={f} className="narrow-label">
              {t(`settings.cache.field.${f}`)}
              <input
                className={`port ${bad.includes(f) ? "invalid" : ""}`}
                inputMode={f === "ttlDays" ? "numeric" : "text"}
                value={form[f]}
                onChange={(e) => setField(f, e.target.value)}
                aria-invalid={bad.includes(f)}
                data-testid={`cache-${f}`}
              />
              <span className="hint">{echo ? `= ${echo}` : t(`settings.cache.fieldHint.${f}`)}</span>
              {bad.includes(f) && (
                <span className="field-error">{t(`settings.cache.bad.${f}`, { min: count(CACHE_LIMITS[f].min), max: count(CACHE_LIMITS[f].max) })}</span>
              )}
            </label>
          );
        })}
      </div>
      <div className="row">
        <button className="primary" onClick={() => void saveLimits()} data-testid="save-cache-settings">
          {t("settings.cache.save")}
        </button>
        {saved && <span className="test-result ok">{t("providers.saved")}</span>}
      </div>

      <CacheTables stats={stats} clearing={clearing} onClear={(which) => void run(which)} />

      {confirmAll ? (
        <div className="confirm" role="alertdialog" aria-label={t("settings.cache.clearAll")} data-testid="cache-confirm-all">
          <span>{t("settings.cache.confirmAll", { entries: count(stats?.entries ?? 0) })}</span>
          <span className="row">
            <button className="link" onClick={() => setConfirmAll(false)}>
              {t("settings.cache.cancel")}
            </button>
            <button className="danger" disabled={clearing} onClick={() => void run({ kind: "all" })} data-testid="cache-clear-all-confirm">
              {t("settings.cache.clearAllConfirm")}
            </button>
          </span>
        </div>
      ) : (
        <div className="row">
          <button className="danger" disabled={!stats || stats.entries === 0} onClick={() => (setCleared(null), setConfirmAll(true))} data-testid="cache-clear-all">
            {t("settings.cache.clearAll")}
          </button>
        </div>
      )}
      {cleared !== null && (
        <div className="notice" role="status" data-testid="cache-cleared">
          <span>{t("settings.cache.cleared", { entries: count(cleared) })}</span>
          <button className="link" onClick={() => setCleared(null)}>
            {t("error.dismiss")}
          </button>
        </div>
      )}
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
    </div>
  );
}
