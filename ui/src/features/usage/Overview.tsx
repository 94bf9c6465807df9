import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useProviders } from "../../data/providers";
import { BudgetBar } from "./BudgetBar";
import { LatencyChart } from "./charts/LatencyChart";
import { RequestsChart } from "./charts/RequestsChart";
import { SpendChart } from "./charts/SpendChart";
import { TokensChart } from "./charts/TokensChart";
import { DailyReportCard } from "./DailyReportCard";
import { EmptyUsage } from "./EmptyUsage";
import { isNarrowed } from "./filter";
import { daysIn } from "./range";
import { latencySeries, requestSeries, spendSeries, tokenSeries } from "./series";
import { useUsage } from "./store";
import { TotalsCards } from "./TotalsCards";

export function Overview() {
  const { t } = useTranslation();
  const { report, range, daily, budgets, group, setGroup, selection, setTab } = useUsage();
  const hasProviders = useProviders((s) => s.providers.length > 0);
  const charts = useMemo(() => {
    if (!report || !range) return null;
    const days = daysIn(range);
    return {
      spend: spendSeries(report.spend, days),
      tokens: tokenSeries(report.tokens, days),
      requests: requestSeries(report.requests, days),
      latency: latencySeries(report.latency, days),
    };
  }, [report, range]);

  if (!report || !charts) return <p className="muted">{t("usage.loading")}</p>;
  const empty = report.totals.requests === 0 && !isNarrowed(selection);
  return (
    <>
      <TotalsCards totals={report.totals} onSetPrices={() => setTab("prices")} />
      {(empty || !hasProviders) && <EmptyUsage hasProviders={hasProviders} />}
      {!empty && (
        <div className="chart-grid">
          <SpendChart data={charts.spend} group={group} onGroup={setGroup} />
          <TokensChart rows={charts.tokens} />
          <RequestsChart data={charts.requests} />
          <LatencyChart rows={charts.latency} />
        </div>
      )}
      <div className="side-by-side">
        {daily && <DailyReportCard report={daily} budgets={budgets} />}
        <section className="card" data-testid="budget-progress">
          <h3>{t("usage.budgets.title")}</h3>
          {budgets.length === 0 ? <p className="muted">{t("usage.budgets.none")}</p> : budgets.map((b) => <BudgetBar key={b.budget.id} status={b} />)}
        </section>
      </div>
    </>
  );
}
