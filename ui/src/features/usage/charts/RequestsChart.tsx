import { useTranslation } from "react-i18next";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { RequestSeries } from "../series";
import { ChartCard, legendOrder, shortDay } from "./ChartCard";
import { CACHED_COLOR, CANCELLED_COLOR, colorAt, ERROR_COLORS, OK_COLOR } from "./palette";

export function RequestsChart({ data }: { data: RequestSeries }) {
  const { t } = useTranslation();
  return (
    <ChartCard title={t("usage.requests.title")} testId="chart-requests">
      <BarChart data={data.rows} margin={{ top: 4, right: 8, left: 8, bottom: 0 }}>
        <CartesianGrid vertical={false} />
        <XAxis dataKey="day" tickFormatter={shortDay} />
        <YAxis allowDecimals={false} width={40} />
        <Tooltip />
        <Legend itemSorter={legendOrder(["ok", "cached", "cancelled", ...data.categories])} />
        <Bar dataKey="ok" name={t("usage.status.ok")} stackId="r" fill={OK_COLOR} isAnimationActive={false} />
        {data.cached > 0 && <Bar dataKey="cached" name={t("usage.status.cached")} stackId="r" fill={CACHED_COLOR} isAnimationActive={false} />}
        <Bar dataKey="cancelled" name={t("usage.status.cancelled")} stackId="r" fill={CANCELLED_COLOR} isAnimationActive={false} />
        {data.categories.map((c, i) => (
          <Bar key={c} dataKey={c} name={t(`usage.category.${c}`)} stackId="r" fill={colorAt(ERROR_COLORS, i)} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartCard>
  );
}
