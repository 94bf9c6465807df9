import type { ReactNode } from "react";
import { ResponsiveContainer } from "recharts";

/** A titled chart that takes the card's width; recharts needs a sized parent to measure. */
export function ChartCard({ title, actions, children, testId }: { title: string; actions?: ReactNode; children: ReactNode; testId: string }) {
  return (
    <section className="card chart-card" data-testid={testId}>
      <div className="row spread">
        <h3>{title}</h3>
        {actions}
      </div>
      <div className="chart-box">
        <ResponsiveContainer width="100%" height="100%">
          {children as never}
        </ResponsiveContainer>
      </div>
    </section>
  );
}

/** "2026-03-15" → "03-15": the year is in the range picker already. */
export const shortDay = (day: string) => day.slice(5);

/** Legend items in the order the series are stacked, not alphabetically (recharts' default). */
export const legendOrder = (keys: readonly string[]) => (item: { dataKey?: unknown }) => keys.indexOf(String(item.dataKey));
