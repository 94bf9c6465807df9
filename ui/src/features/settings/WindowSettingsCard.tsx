import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, type Settings_Serialize } from "../../bindings";
import { toAppError, unwrap, type AppError } from "../../lib/api";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { CLOSE_CHOICES, closeChoice, closeToTray, type CloseChoice } from "./windowSettings";

type Props = { settings: Settings_Serialize; onSave: (patch: Partial<Settings_Serialize>) => Promise<void> };

/** Settings → Window: what closing the window does, and starting Switchyard (in the tray) at login. */
export function WindowSettingsCard({ settings, onSave }: Props) {
  const { t } = useTranslation();
  const [autostart, setAutostart] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [autostartError, setAutostartError] = useState<AppError | null>(null);

  useEffect(() => {
    let live = true;
    unwrap(commands.autostartEnabled())
      .then((on) => live && setAutostart(on))
      .catch((e) => live && setAutostartError(toAppError(e)));
    return () => {
      live = false;
    };
  }, []);

  const saveClose = (choice: CloseChoice) =>
    void onSave({ close_to_tray: closeToTray(choice) })
      .then(() => setError(null))
      .catch((e) => setError(toAppError(e)));

  const toggleAutostart = async (enabled: boolean) => {
    setBusy(true);
    setAutostartError(null);
    try {
      setAutostart(await unwrap(commands.setAutostart(enabled)));
    } catch (e) {
      setAutostartError(toAppError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card" data-testid="window-settings">
      <h3>{t("window.settings.title")}</h3>
      <label>
        {t("window.settings.whenClosed")}
        <select value={closeChoice(settings.close_to_tray)} onChange={(e) => saveClose(e.target.value as CloseChoice)} data-testid="close-behaviour">
          {CLOSE_CHOICES.map((c) => (
            <option key={c} value={c}>
              {t(`window.settings.close.${c}`)}
            </option>
          ))}
        </select>
        <span className="hint">{t("window.settings.trayHint")}</span>
      </label>
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
      <label className="inline">
        <input
          type="checkbox"
          checked={autostart ?? false}
          disabled={busy}
          onChange={(e) => void toggleAutostart(e.target.checked)}
          data-testid="autostart"
        />
        {t("window.settings.autostart")}
      </label>
      <span className="hint">{t("window.settings.autostartHint")}</span>
      {autostartError && <ErrorBanner error={autostartError} onDismiss={() => setAutostartError(null)} />}
    </div>
  );
}
