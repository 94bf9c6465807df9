import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, events } from "../../bindings";
import { useSettings } from "../../data/settings";
import { toAppError, unwrap, type AppError } from "../../lib/api";
import { Dialog } from "../../lib/Dialog";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { listen } from "../../lib/listen";

/**
 * The first close of the window asks (close-asked): keep Switchyard running in the tray, or quit. The shell saves
 * the answer and carries it out; Settings → Window changes it later. Escape keeps the window open.
 */
export function CloseDialog() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => listen(events.closeAsked, () => {
    setError(null);
    setOpen(true);
  }, "close events"), []);

  if (!open) return null;
  const answer = async (keepInTray: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await unwrap(commands.closeMainWindow(keepInTray));
      setOpen(false);
      // The answer is now the saved setting: Settings shows it when the window is opened from the tray.
      if (keepInTray) void useSettings.getState().load().catch((e) => console.warn("settings not reloaded", e));
    } catch (e) {
      setError(toAppError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t("window.close.title")} onClose={() => setOpen(false)} testId="close-dialog">
      <p>{t("window.close.explain")}</p>
      <p className="muted small">{t("window.close.changeLater")}</p>
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
      <div className="row end">
        <button onClick={() => void answer(false)} disabled={busy} data-testid="close-quit">
          {t("window.close.quit")}
        </button>
        <button className="primary" onClick={() => void answer(true)} disabled={busy} data-testid="close-keep">
          {t("window.close.keep")}
        </button>
      </div>
    </Dialog>
  );
}
