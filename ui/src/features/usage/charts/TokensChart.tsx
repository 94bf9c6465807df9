import { useTranslation } from "react-i18next";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount } from "../format";
import { TOKEN_KINDS, type Row } from "../series";
import { ChartCard, legendOrder, shortDay } from "./ChartCard";
import { TOKEN_COLORS } from "./palette";

export function TokensChart({ rows }: { rows: Row[] }) {
  const { t } = useTranslation();
  return (
    <ChartCard title={t("usage.tokens.title")} testId="chart-tokens">
      <BarChart data={rows} margin={{ top: 4, right: 8, left: 8, bottom: 0 }}>
        <CartesianGrid vertical={false} />
        <XAxis dataKey="day" tickFormatter={shortDay} />
        <YAxis tickFormatter={(v: number) => formatCount(v, true)} width={56} />
        <Tooltip formatter={(v) => formatCount(Number(v))} />
        <Legend itemSorter={legendOrder(TOKEN_KINDS)} />
        {TOKEN_KINDS.map((kind) => (
          <Bar key={kind} dataKey={kind} name={t(`usage.tokens.kind.${kind}`)} stackId="tokens" fill={TOKEN_COLORS[kind]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartCard>
  );
}
