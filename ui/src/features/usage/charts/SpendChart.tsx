import { useTranslation } from "react-i18next";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { SpendGroup } from "../../../bindings";
import { formatUsd, formatUsdTick } from "../../../lib/money";
import { NONE_KEY, OTHER_KEY, type SpendSeries } from "../series";
import { ChartCard, legendOrder, shortDay } from "./ChartCard";
import { colorAt, OTHER_COLOR, SERIES_COLORS } from "./palette";

type Props = { data: SpendSeries; group: SpendGroup; onGroup: (group: SpendGroup) => void };

export function SpendChart({ data, group, onGroup }: Props) {
  const { t } = useTranslation();
  const toggle = (
    <div className="segmented" role="group" aria-label={t("usage.spend.groupBy")}>
      {(["provider", "model"] as const).map((g) => (
        <button key={g} className={group === g ? "active" : ""} aria-pressed={group === g} onClick={() => onGroup(g)} data-testid={`group-${g}`}>
          {t(`usage.spend.by.${g}`)}
        </button>
      ))}
    </div>
  );
  return (
    <ChartCard title={t("usage.spend.title")} actions={toggle} testId="chart-spend">
      <BarChart data={data.rows} margin={{ top: 4, right: 8, left: 8, bottom: 0 }}>
        <CartesianGrid vertical={false} />
        <XAxis dataKey="day" tickFormatter={shortDay} />
        <YAxis tickFormatter={(v: number) => formatUsdTick(v)} width={60} />
        <Tooltip formatter={(v) => formatUsd(Number(v))} />
        <Legend itemSorter={legendOrder(data.series.map((s) => s.id))} />
        {data.series.map((s, i) => (
          <Bar
            key={s.id}
            dataKey={s.id}
            name={s.label === OTHER_KEY ? t("usage.spend.other") : s.label === NONE_KEY ? t("usage.spend.none") : s.label}
            stackId="spend"
            fill={s.id === "s_other" ? OTHER_COLOR : colorAt(SERIES_COLORS, i)}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ChartCard>
  );
}
