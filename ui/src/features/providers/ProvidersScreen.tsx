import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ProviderCard } from "./ProviderCard";
import { ProviderEditor } from "./ProviderEditor";
import { RoutesCard } from "./RoutesCard";
import { emptyForm, formFromProvider, type ProviderForm } from "./form";
import { useProviders } from "../../data/providers";

export function ProvidersScreen() {
  const { t } = useTranslation();
  const { providers, presets } = useProviders();
  const [editing, setEditing] = useState<ProviderForm | null>(null);

  return (
    <div className="page">
      <div className="row spread">
        <h2>{t("providers.title")}</h2>
        {!editing && presets.length > 0 && (
          <button className="primary" data-testid="add-provider" onClick={() => setEditing(emptyForm(presets[0]))}>
            + {t("providers.add")}
          </button>
        )}
      </div>
      <p className="muted">{t("providers.intro")}</p>
      {editing && <ProviderEditor key={editing.id ?? "new"} initial={editing} presets={presets} onDone={() => setEditing(null)} />}
      {providers.length === 0 && !editing && <p className="muted">{t("providers.none")}</p>}
      <div className="grid">
        {providers.map((p) => (
          <ProviderCard key={p.id} provider={p} onEdit={() => setEditing(formFromProvider(p))} />
        ))}
      </div>
      {providers.length > 0 && <RoutesCard />}
    </div>
  );
}
