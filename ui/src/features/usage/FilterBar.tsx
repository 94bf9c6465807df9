import { useTranslation } from "react-i18next";
import type { FilterOptions } from "../../bindings";
import { ORIGINS, STATUSES, toggle, type Selection } from "./filter";

type Props = { selection: Selection; options: FilterOptions | null; onChange: (patch: Partial<Selection>) => void };

export function FilterBar({ selection, options, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <div className="row filter-bar">
      <select aria-label={t("usage.filter.provider")} value={selection.providerId} onChange={(e) => onChange({ providerId: e.target.value })} data-testid="filter-provider">
        <option value="">{t("usage.filter.allProviders")}</option>
        {options?.providers.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <select aria-label={t("usage.filter.model")} value={selection.model} onChange={(e) => onChange({ model: e.target.value })} data-testid="filter-model">
        <option value="">{t("usage.filter.allModels")}</option>
        {options?.models.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
      <div className="chips" role="group" aria-label={t("usage.filter.origin")}>
        {ORIGINS.map((o) => (
          <button key={o} className={`chip ${selection.origins.includes(o) ? "active" : ""}`} aria-pressed={selection.origins.includes(o)} onClick={() => onChange({ origins: toggle(ORIGINS, selection.origins, o) })}>
            {t(`usage.origin.${o}`)}
          </button>
        ))}
      </div>
      <div className="chips" role="group" aria-label={t("usage.filter.status")}>
        {STATUSES.map((s) => (
          <button key={s} className={`chip ${selection.statuses.includes(s) ? "active" : ""}`} aria-pressed={selection.statuses.includes(s)} onClick={() => onChange({ statuses: toggle(STATUSES, selection.statuses, s) })}>
            {t(`usage.status.${s}`)}
          </button>
        ))}
      </div>
    </div>
  );
}
