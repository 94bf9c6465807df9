import { useTranslation } from "react-i18next";
import type { BudgetStatus, DailyReport_Serialize } from "../../bindings";
import { formatUsd } from "../../lib/money";
import { BudgetBar } from "./BudgetBar";
import { monthBudget, withSpent } from "./daily";

export function DailyReportCard({ report, budgets }: { report: DailyReport_Serialize; budgets: BudgetStatus[] }) {
  const { t } = useTranslation();
  const month = monthBudget(budgets);
  return (
    <section className="card" data-testid="daily-report">
      <h3>{t("usage.daily.title", { day: report.day })}</h3>
      <p className="daily-total">
        <strong>{formatUsd(report.total_usd_micros)}</strong>
        {report.unpriced > 0 && <span className="total-note warn">{t("usage.totals.unpriced", { count: report.unpriced })}</span>}
      </p>
      {report.lines.length === 0 ? (
        <p className="muted">{t("usage.daily.none")}</p>
      ) : (
        <table className="plain-table">
          <thead>
            <tr>
              <th>{t("usage.log.provider")}</th>
              <th>{t("usage.log.model")}</th>
              <th className="num">{t("usage.log.requests")}</th>
              <th className="num">{t("usage.log.usd")}</th>
            </tr>
          </thead>
          <tbody>
            {report.lines.map((l, i) => (
              <tr key={`${l.provider_id}-${l.model}-${i}`}>
                <td>{l.provider_name ?? l.provider_id ?? "—"}</td>
                <td className="wrap-anywhere">{l.model ?? "—"}</td>
                <td className="num">{l.requests}</td>
                <td className="num">
                  {formatUsd(l.cost_usd_micros)}
                  {l.unpriced > 0 && <span className="muted small"> · {t("usage.totals.unpriced", { count: l.unpriced })}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="daily-month">
        <span className="muted">{t("usage.daily.monthSoFar", { spent: formatUsd(report.month_to_date_usd_micros) })}</span>
        {month ? <BudgetBar status={withSpent(month, report.month_to_date_usd_micros)} /> : <span className="hint">{t("usage.daily.noMonthBudget")}</span>}
      </div>
    </section>
  );
}
