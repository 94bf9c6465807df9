import { useTranslation } from "react-i18next";
import { RANGE_PRESETS, type RangeChoice } from "./range";

export function RangePicker({ choice, onChange }: { choice: RangeChoice; onChange: (choice: RangeChoice) => void }) {
  const { t } = useTranslation();
  return (
    <div className="row range-picker">
      <div className="segmented" role="group" aria-label={t("usage.range.label")}>
        {RANGE_PRESETS.map((p) => (
          <button key={p} className={choice.preset === p ? "active" : ""} aria-pressed={choice.preset === p} onClick={() => onChange({ ...choice, preset: p })} data-testid={`range-${p}`}>
            {t(`usage.range.${p}`)}
          </button>
        ))}
      </div>
      {choice.preset === "custom" && (
        <span className="row">
          <input type="date" aria-label={t("usage.range.from")} value={choice.from} max={choice.to || undefined} onChange={(e) => onChange({ ...choice, from: e.target.value })} />
          <span className="muted">–</span>
          <input type="date" aria-label={t("usage.range.to")} value={choice.to} min={choice.from || undefined} onChange={(e) => onChange({ ...choice, to: e.target.value })} />
        </span>
      )}
    </div>
  );
}
