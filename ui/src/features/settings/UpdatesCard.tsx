import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Settings_Serialize, UpdateMode } from "../../bindings";
import { percent, UPDATE_MODES, useUpdates, type UpdateStatus } from "../../data/updates";
import { toAppError, type AppError } from "../../lib/api";
import { formatBytes } from "../../lib/cache";
import { ErrorBanner } from "../../lib/ErrorBanner";

type Props = { settings: Settings_Serialize; onSave: (patch: Partial<Settings_Serialize>) => Promise<void>; version: string | null };

// A check while an update is downloaded would drop the download (the shell keeps only the last one found).
const BUSY: UpdateStatus["state"][] = ["checking", "downloading", "ready", "installing"];

function StatusLine({ status, onShow }: { status: UpdateStatus; onShow: () => void }) {
  const { t } = useTranslation();
  const show = (
    <button className="link" onClick={onShow} data-testid="update-show">
      {t("updates.show")}
    </button>
  );
  switch (status.state) {
    case "idle":
      return <span className="muted">{t("updates.status.idle")}</span>;
    case "checking":
      return <span className="muted">{t("updates.status.checking")}</span>;
    case "up_to_date":
      return <span className="ok-text">{t("updates.status.upToDate")}</span>;
    case "available":
      return <span>{t("updates.status.available", { version: status.update.version })} {show}</span>;
    case "downloading": {
      const { downloaded, total } = status;
      const pct = percent(downloaded, total);
      const done = pct === null ? formatBytes(downloaded) : t("updates.status.percent", { percent: pct });
      return <span>{t("updates.status.downloading", { version: status.update.version, done })} {show}</span>;
    }
    case "ready":
      return <span className="ok-text">{t("updates.status.ready", { version: status.update.version })} {show}</span>;
    case "installing":
      return <span>{t("updates.status.installing", { version: status.update.version })}</span>;
    case "failed":
      return <ErrorBanner error={toAppError(status.error)} />;
  }
}

/** Settings → Updates: how new versions are handled, "Check now", and where the last check or download stands. */
export function UpdatesCard({ settings, onSave, version }: Props) {
  const { t } = useTranslation();
  const { status, check, show } = useUpdates();
  const [error, setError] = useState<AppError | null>(null);

  const saveMode = (updates: UpdateMode) =>
    void onSave({ updates })
      .then(() => setError(null))
      .catch((e) => setError(toAppError(e)));
  const checkNow = () => {
    setError(null);
    check().catch((e) => setError(toAppError(e)));
  };

  return (
    <div className="card" data-testid="updates-card">
      <h3>{t("updates.title")}</h3>
      {version && <p className="muted small" data-testid="update-current">{t("updates.current", { version })}</p>}
      <label>
        {t("updates.mode.label")}
        <select value={settings.updates} onChange={(e) => saveMode(e.target.value as UpdateMode)} data-testid="update-mode">
          {UPDATE_MODES.map((m) => (
            <option key={m} value={m}>
              {t(`updates.mode.${m}`)}
            </option>
          ))}
        </select>
        <span className="hint">{t(`updates.modeHint.${settings.updates}`)}</span>
      </label>
      <div className="row">
        <button onClick={checkNow} disabled={BUSY.includes(status.state)} data-testid="update-check">
          {t("updates.check")}
        </button>
        <div className="update-status" data-testid="update-status" aria-live="polite">
          <StatusLine status={status} onShow={show} />
        </div>
      </div>
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
    </div>
  );
}
