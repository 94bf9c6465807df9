// App-wide (mounted by App, outside the lazily loaded Usage screen): a budget crossed one of its thresholds.
import { useTranslation } from "react-i18next";
import { useBudgetAlerts } from "../../../data/budgetAlerts";
import { useNavigation } from "../../../data/navigation";
import { formatUsd } from "../../../lib/money";

export function BudgetAlertBanner() {
  const { t } = useTranslation();
  const { alerts, dismiss } = useBudgetAlerts();
  const go = useNavigation((s) => s.go);
  if (alerts.length === 0) return null;
  return (
    <div className="alerts">
      {alerts.map((a) => (
        <div key={a.budget_id} className={`budget-alert ${a.threshold >= 100 ? "over" : ""}`} role="alert" data-testid="budget-alert">
          <span>
            {t(a.threshold >= 100 && a.action === "block" ? "budgetAlert.blocked" : "budgetAlert.crossed", {
              name: a.name,
              threshold: a.threshold,
              spent: formatUsd(a.spent_usd_micros),
              limit: formatUsd(a.limit_usd_micros),
            })}
          </span>
          <span className="row">
            <button className="link" onClick={() => go("usage")}>
              {t("budgetAlert.open")}
            </button>
            <button className="link" onClick={() => dismiss(a.budget_id)} data-testid="dismiss-budget-alert">
              {t("error.dismiss")}
            </button>
          </span>
        </div>
      ))}
    </div>
  );
}
