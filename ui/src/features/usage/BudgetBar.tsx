import { useTranslation } from "react-i18next";
import type { BudgetStatus } from "../../bindings";
import { formatUsd } from "../../lib/money";
import { barPercent } from "./daily";

/** One budget's progress: spent (solid) and reserved by calls in flight (hatched), against its limit. */
export function BudgetBar({ status }: { status: BudgetStatus }) {
  const { t } = useTranslation();
  const limit = status.budget.limit_usd_micros;
  const spent = barPercent(status.spent_usd_micros, limit);
  const reserved = Math.min(100 - spent, barPercent(status.reserved_usd_micros, limit));
  const level = status.percent >= 100 ? "over" : status.percent >= 80 ? "near" : "";
  return (
    <div className={`budget-bar ${level}`} data-testid="budget-bar">
      <div className="row spread">
        <span className="budget-name">{status.budget.name}</span>
        <span className="muted small">
          {t("usage.budgets.spentOf", { spent: formatUsd(status.spent_usd_micros), limit: formatUsd(limit), percent: status.percent })}
        </span>
      </div>
      <div className="bar" role="progressbar" aria-valuenow={status.percent} aria-valuemin={0} aria-valuemax={100}>
        <div className="bar-spent" style={{ width: `${spent}%` }} />
        <div className="bar-reserved" style={{ width: `${reserved}%` }} />
      </div>
    </div>
  );
}
