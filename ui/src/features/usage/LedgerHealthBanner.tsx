// App-wide (mounted by App): usage records cannot be saved right now, or some were dropped.
import { useTranslation } from "react-i18next";
import { needsAttention, useLedgerHealth } from "../../data/ledgerHealth";
import { useNavigation } from "../../data/navigation";
import { useSettings } from "../../data/settings";
import { formatCount } from "../../lib/cache";

export function LedgerHealthBanner() {
  const { t } = useTranslation();
  const { health, dismissedDropped, dismissDropped } = useLedgerHealth();
  const settings = useSettings((s) => s.settings);
  const go = useNavigation((s) => s.go);
  if (!health || !needsAttention({ health, dismissedDropped })) return null;
  const { failing, unwritten, dropped } = health;
  const paused = settings != null && settings.ledger_when_full === "refuse" && unwritten >= settings.ledger_buffer_rows;
  return (
    <div className="alerts">
      <div className={`budget-alert ledger-alert ${failing ? "over" : ""}`} role="alert" data-testid="ledger-health-banner">
        <span className="lines">
          {failing && <span data-testid="ledger-failing">{t("ledgerHealth.failing", { message: failing.message })}</span>}
          {unwritten > 0 && <span data-testid="ledger-kept">{t("ledgerHealth.kept", { rows: formatCount(unwritten) })}</span>}
          {paused && <span data-testid="ledger-paused">{t("ledgerHealth.paused", { max: formatCount(settings.ledger_buffer_rows) })}</span>}
          {dropped > 0 && <span data-testid="ledger-dropped">{t("ledgerHealth.dropped", { rows: formatCount(dropped) })}</span>}
        </span>
        <span className="row">
          <button className="link" onClick={() => go("settings")} data-testid="ledger-open-settings">
            {t("ledgerHealth.open")}
          </button>
          {!failing && (
            <button className="link" onClick={dismissDropped} data-testid="dismiss-ledger-health">
              {t("error.dismiss")}
            </button>
          )}
        </span>
      </div>
    </div>
  );
}
