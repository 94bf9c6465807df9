import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSettings } from "../../data/settings";
import { updateOf, useUpdates, type UpdateInfo } from "../../data/updates";
import { toAppError, type AppError } from "../../lib/api";
import { Dialog } from "../../lib/Dialog";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { UpdateProgress } from "./UpdateProgress";

function releaseDate(date: string | null, language: string): string | null {
  if (!date) return null;
  const d = new Date(date);
  return Number.isNaN(d.getTime()) ? null : d.toLocaleDateString(language, { year: "numeric", month: "long", day: "numeric" });
}

/** What is new: the version against the one running, the date, and the release notes as written (plain text). */
function About({ update }: { update: UpdateInfo }) {
  const { t, i18n } = useTranslation();
  const date = releaseDate(update.date, i18n.language);
  return (
    <>
      <p data-testid="update-headline">{t("updates.dialog.headline", { version: update.version, current: update.current_version })}</p>
      {date && <p className="muted small" data-testid="update-date">{t("updates.dialog.released", { date })}</p>}
      {update.notes && (
        <div className="release-notes" data-testid="update-notes">
          {update.notes}
        </div>
      )}
    </>
  );
}

/**
 * The update dialog, mounted above every screen: opens when a new version is found (in "notify" mode or after
 * "Check now") and when one is downloaded; downloads, shows the progress, restarts into it, or says what failed.
 */
export function UpdateDialog() {
  const { t } = useTranslation();
  const { status, open, download, install, dismiss, hide } = useUpdates();
  const mode = useSettings((s) => s.settings?.updates);
  const [error, setError] = useState<AppError | null>(null);
  if (!open) return null;
  const update = updateOf(status);
  const run = (action: () => Promise<void>) => {
    setError(null);
    action().catch((e) => setError(toAppError(e)));
  };
  const later = () => {
    setError(null);
    dismiss();
  };
  const onClose = status.state === "installing" ? () => {} : status.state === "downloading" ? hide : later;

  return (
    <Dialog title={t("updates.dialog.title")} onClose={onClose} testId="update-dialog" wide>
      {update && status.state !== "failed" && <About update={update} />}
      {status.state === "downloading" && <UpdateProgress downloaded={status.downloaded} total={status.total} />}
      {status.state === "ready" && (
        <p data-testid="update-ready">
          {t("updates.dialog.ready")} {mode === "install_on_restart" ? t("updates.dialog.laterAtQuit") : t("updates.dialog.laterFromSettings")}
        </p>
      )}
      {status.state === "installing" && (
        <p className="muted" data-testid="update-installing">
          {t("updates.dialog.installing")}
        </p>
      )}
      {status.state === "failed" && (
        <div data-testid="update-error">
          <ErrorBanner error={toAppError(status.error)} />
        </div>
      )}
      {error && status.state !== "failed" && (
        <div data-testid="update-error">
          <ErrorBanner error={error} onDismiss={() => setError(null)} />
        </div>
      )}
      <div className="row end">
        {status.state === "available" && (
          <>
            <button onClick={later} data-testid="update-later">
              {t("updates.dialog.later")}
            </button>
            <button className="primary" onClick={() => run(download)} data-testid="update-download">
              {t("updates.dialog.download")}
            </button>
          </>
        )}
        {status.state === "downloading" && (
          <button onClick={hide} data-testid="update-hide">
            {t("updates.dialog.hide")}
          </button>
        )}
        {status.state === "ready" && (
          <>
            <button onClick={later} data-testid="update-later">
              {t("updates.dialog.later")}
            </button>
            <button className="primary" onClick={() => run(install)} data-testid="update-restart">
              {t("updates.dialog.restart")}
            </button>
          </>
        )}
        {status.state === "failed" && (
          <button className="primary" onClick={later} data-testid="update-close">
            {t("dialog.close")}
          </button>
        )}
      </div>
    </Dialog>
  );
}
