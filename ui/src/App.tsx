import { lazy, Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorBanner } from "./lib/ErrorBanner";
import { Icon } from "./lib/icons";
import { toAppError, type AppError } from "./lib/api";
import { watchBudgetAlerts } from "./data/budgetAlerts";
import { watchLedgerHealth } from "./data/ledgerHealth";
import { startCoreEvents } from "./data/coreEvents";
import { SCREENS, useNavigation } from "./data/navigation";
import { useProviders } from "./data/providers";
import { useQueue, watchQueue } from "./data/queue";
import { startQueuedChat } from "./data/queuedChatEvents";
import { ChatScreen } from "./features/chat/ChatScreen";
import { SearchDialog } from "./features/chat/search/SearchDialog";
import { ShortcutsSheet } from "./features/shortcuts/ShortcutsSheet";
import { useGlobalShortcuts } from "./features/shortcuts/useGlobalShortcuts";
import { useOverlays } from "./data/overlays";
import { shortcutLabel } from "./lib/platform";
import { watchQueuedChat } from "./features/chat/queuedChat";
import { QueueScreen } from "./features/queue/QueueScreen";
import { ProvidersScreen } from "./features/providers/ProvidersScreen";
import { GatewayCard } from "./features/gateway/GatewayCard";
import { SettingsScreen } from "./features/settings/SettingsScreen";
import { useSettings } from "./data/settings";
import { watchUpdates } from "./data/updates";
import { StartupFailure } from "./features/startup/StartupFailure";
import { useStartupFailure } from "./features/startup/useStartupFailure";
import { UpdateDialog } from "./features/updates/UpdateDialog";
import { CloseDialog } from "./features/window/CloseDialog";
import { BudgetAlertBanner } from "./features/usage/budgets/BudgetAlertBanner";
import { LedgerHealthBanner } from "./features/usage/LedgerHealthBanner";

// The charts library is large; it is fetched the first time the Usage screen opens.
const UsageScreen = lazy(() => import("./features/usage/UsageScreen"));
// So is the workflow canvas (React Flow, and ELK for auto-layout on first use).
const WorkflowsScreen = lazy(() => import("./features/workflows/WorkflowsScreen"));

/** Asks first whether the app could open its data: when it could not, that is all the window shows. */
export function App() {
  const failure = useStartupFailure();
  if (failure === "checking") return null;
  if (failure) return <StartupFailure error={failure} />;
  return <Workspace />;
}

function Workspace() {
  const { t } = useTranslation();
  const { screen, go } = useNavigation();
  const [startupError, setStartupError] = useState<AppError | null>(null);
  const loadProviders = useProviders((s) => s.load);
  const providersLoaded = useProviders((s) => s.loaded);
  const loadSettings = useSettings((s) => s.load);
  const waiting = useQueue((s) => s.waiting);
  useGlobalShortcuts();
  const showOverlay = useOverlays((s) => s.show);

  useEffect(() => {
    Promise.all([loadSettings(), loadProviders()]).catch((e) => setStartupError(toAppError(e)));
  }, [loadSettings, loadProviders]);

  useEffect(() => {
    const stopAlerts = watchBudgetAlerts();
    const stopLedgerHealth = watchLedgerHealth();
    const stopQueue = watchQueue();
    const stopQueuedChat = watchQueuedChat();
    const stopUpdates = watchUpdates();
    const listening = [startCoreEvents(), startQueuedChat()];
    return () => {
      stopAlerts();
      stopLedgerHealth();
      stopQueue();
      stopQueuedChat();
      stopUpdates();
      for (const l of listening) void l.then((stop) => stop());
    };
  }, []);

  return (
    <div className="app">
      <nav className="sidebar">
        <div className="brand">
          <img src="/icon.png" alt="" width={28} height={28} />
          <span>{t("app.name")}</span>
        </div>
        {SCREENS.map((s) => (
          <button key={s} className={`nav ${screen === s ? "active" : ""}`} onClick={() => go(s)} data-testid={`nav-${s}`}>
            <Icon name={s} /> {t(`nav.${s}`)}
            {s === "queue" && waiting > 0 && (
              <span className="nav-badge" data-testid="queue-badge" title={t("queue.badgeHint", { count: waiting })}>
                {waiting}
              </span>
            )}
          </button>
        ))}
        <button className="nav shortcuts-button" onClick={() => showOverlay("shortcuts")} title={t("shortcuts.open", { keys: shortcutLabel("/") })} data-testid="open-shortcuts">
          <span className="shortcuts-mark" aria-hidden>?</span> {t("shortcuts.button")}
        </button>
      </nav>
      <main className="content">
        {startupError && <ErrorBanner error={startupError} />}
        <LedgerHealthBanner />
        <BudgetAlertBanner />
        {providersLoaded && screen === "chat" && <ChatScreen onOpenProviders={() => go("providers")} />}
        {screen === "workflows" && (
          <Suspense fallback={<p className="page muted">{t("workflows.loading")}</p>}>
            <WorkflowsScreen />
          </Suspense>
        )}
        {screen === "queue" && <QueueScreen />}
        {screen === "usage" && (
          <Suspense fallback={<p className="page muted">{t("usage.loading")}</p>}>
            <UsageScreen />
          </Suspense>
        )}
        {screen === "providers" && <ProvidersScreen />}
        {screen === "settings" && <SettingsScreen gateway={<GatewayCard />} />}
      </main>
      <SearchDialog />
      <ShortcutsSheet />
      <UpdateDialog />
      <CloseDialog />
    </div>
  );
}
