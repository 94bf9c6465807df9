import { useTranslation } from "react-i18next";
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { formatMs } from "../format";
import type { Row } from "../series";
import { ChartCard, legendOrder, shortDay } from "./ChartCard";

const LINES = [
  { key: "latency_p50", color: "#4f8cff", dashed: false },
  { key: "latency_p95", color: "#4f8cff", dashed: true },
  { key: "ttft_p50", color: "#f59e0b", dashed: false },
  { key: "ttft_p95", color: "#f59e0b", dashed: true },
] as const;

export function LatencyChart({ rows }: { rows: Row[] }) {
  const { t } = useTranslation();
  return (
    <ChartCard title={t("usage.latency.title")} testId="chart-latency">
      <LineChart data={rows} margin={{ top: 4, right: 8, left: 8, bottom: 0 }}>
        <CartesianGrid vertical={false} />
        <XAxis dataKey="day" tickFormatter={shortDay} />
        <YAxis tickFormatter={(v: number) => formatMs(v)} width={56} />
        <Tooltip formatter={(v) => formatMs(Number(v))} />
        <Legend itemSorter={legendOrder(LINES.map((l) => l.key))} />
        {LINES.map((l) => (
          <Line
            key={l.key}
            dataKey={l.key}
            name={t(`usage.latency.${l.key}`)}
            stroke={l.color}
            strokeDasharray={l.dashed ? "5 3" : undefined}
            dot={rows.length <= 1}
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ChartCard>
  );
}
