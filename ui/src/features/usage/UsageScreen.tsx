import { useCallback, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { BudgetsTab } from "./budgets/BudgetsTab";
import { ExportButtons, TABLE_EXPORTS } from "../../lib/ExportButtons";
import { FilterBar } from "./FilterBar";
import { LogTab } from "./log/LogTab";
import { Overview } from "./Overview";
import { PricesTab } from "./prices/PricesTab";
import { RangePicker } from "./RangePicker";
import { USAGE_TABS, useUsage } from "./store";
import { useLiveRefresh } from "../../data/useLiveRefresh";

/** Loaded lazily by App, so the charting library is fetched only when this screen opens. */
export default function UsageScreen() {
  const { t } = useTranslation();
  const { tab, setTab, choice, selection, report, error, loading, setChoice, setSelection, refresh, exportAs, dismissError } = useUsage();
  const live = useCallback(() => void refresh("live"), [refresh]);

  useEffect(() => void refresh(), [refresh]);
  useLiveRefresh(live);

  const filtered = tab === "overview" || tab === "log";
  return (
    <div className="page usage" data-testid="usage-screen">
      <div className="row spread">
        <h2>
          {t("usage.title")} {loading && <span className="muted small">{t("usage.loading")}</span>}
        </h2>
        <div className="tabs" role="tablist">
          {USAGE_TABS.map((x) => (
            <button key={x} role="tab" aria-selected={tab === x} className={tab === x ? "active" : ""} onClick={() => setTab(x)} data-testid={`usage-tab-${x}`}>
              {t(`usage.tab.${x}`)}
            </button>
          ))}
        </div>
      </div>
      {filtered && (
        <div className="usage-toolbar">
          <RangePicker choice={choice} onChange={setChoice} />
          <FilterBar selection={selection} options={report?.options ?? null} onChange={setSelection} />
          <ExportButtons options={TABLE_EXPORTS} onExport={exportAs} />
        </div>
      )}
      {error && <ErrorBanner error={error} onDismiss={dismissError} />}
      {tab === "overview" && <Overview />}
      {tab === "log" && <LogTab />}
      {tab === "budgets" && <BudgetsTab />}
      {tab === "prices" && <PricesTab />}
    </div>
  );
}
