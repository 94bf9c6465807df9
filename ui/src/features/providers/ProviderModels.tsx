import { useState } from "react";
import { useTranslation } from "react-i18next";

/** A provider's models: how many, and the list itself once opened (closed at first: some list hundreds). */
export function ProviderModels({ models }: { models: string[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (models.length === 0) return <div className="muted small">{t("providers.noModels")}</div>;
  return (
    <div className="provider-models">
      <button type="button" className="link small" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="provider-models-toggle">
        {open ? "▾" : "▸"} {t("providers.models", { count: models.length })}
      </button>
      {open && (
        <ul className="provider-model-list" data-testid="provider-model-list">
          {models.map((m) => (
            <li key={m}>
              <code>{m}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
