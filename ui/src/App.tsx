import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorBanner } from "./lib/ErrorBanner";
import { Icon } from "./lib/icons";
import { toAppError, type AppError } from "./lib/api";
import { ChatScreen } from "./features/chat/ChatScreen";
import { ProvidersScreen } from "./features/providers/ProvidersScreen";
import { useProviders } from "./data/providers";
import { SettingsScreen } from "./features/settings/SettingsScreen";
import { useSettings } from "./features/settings/store";

type Screen = "chat" | "providers" | "settings";
const SCREENS: Screen[] = ["chat", "providers", "settings"];

export function App() {
  const { t } = useTranslation();
  const [screen, setScreen] = useState<Screen>("chat");
  const [startupError, setStartupError] = useState<AppError | null>(null);
  const loadProviders = useProviders((s) => s.load);
  const providersLoaded = useProviders((s) => s.loaded);
  const loadSettings = useSettings((s) => s.load);

  useEffect(() => {
    Promise.all([loadSettings(), loadProviders()]).catch((e) => setStartupError(toAppError(e)));
  }, [loadSettings, loadProviders]);

  return (
    <div className="app">
      <nav className="sidebar">
        <div className="brand">
          <img src="/icon.png" alt="" width={28} height={28} />
          <span>{t("app.name")}</span>
        </div>
        {SCREENS.map((s) => (
          <button key={s} className={`nav ${screen === s ? "active" : ""}`} onClick={() => setScreen(s)} data-testid={`nav-${s}`}>
            <Icon name={s} /> {t(`nav.${s}`)}
          </button>
        ))}
      </nav>
      <main className="content">
        {startupError && <ErrorBanner error={startupError} />}
        {providersLoaded && screen === "chat" && <ChatScreen onOpenProviders={() => setScreen("providers")} />}
        {screen === "providers" && <ProvidersScreen />}
        {screen === "settings" && <SettingsScreen />}
      </main>
    </div>
  );
}
