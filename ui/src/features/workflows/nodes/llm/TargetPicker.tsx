// The model or route an LLM node calls: the same choice a chat pane makes, from the saved providers and routes.
import { useEffect, useId } from "react";
import { useTranslation } from "react-i18next";
import type { ChatTarget } from "../../../../bindings";
import { useProviders } from "../../../../data/providers";
import { useRoutes } from "../../../../data/routes";

function value(target: ChatTarget | null): string {
  if (!target) return "";
  return target.kind === "route" ? `route:${target.name}` : `provider:${target.provider_id}`;
}

export function TargetPicker({ target, onChange }: { target: ChatTarget | null; onChange: (t: ChatTarget | null) => void }) {
  const { t } = useTranslation();
  const providers = useProviders((s) => s.providers);
  const routes = useRoutes((s) => s.routes);
  const routesLoaded = useRoutes((s) => s.loaded);
  const loadRoutes = useRoutes((s) => s.load);
  const list = useId();
  useEffect(() => {
    if (!routesLoaded) loadRoutes().catch(() => {});
  }, [routesLoaded, loadRoutes]);

  const pick = (v: string) => {
    const [kind, ...rest] = v.split(":");
    const id = rest.join(":");
    if (kind === "route") onChange({ kind: "route", name: id });
    else if (kind === "provider") {
      const p = providers.find((x) => x.id === id);
      onChange({ kind: "model", provider_id: id, model: p?.default_model ?? p?.models[0] ?? "" });
    } else onChange(null);
  };
  const provider = target?.kind === "model" ? providers.find((p) => p.id === target.provider_id) : undefined;
  return (
    <div className="wf-target">
      <label>
        {t("workflows.llm.target")}
        <select value={value(target)} onChange={(e) => pick(e.target.value)} data-testid="wf-llm-target">
          <option value="">{t("workflows.llm.pickTarget")}</option>
          {routes.length > 0 && (
            <optgroup label={t("workflows.llm.routes")}>
              {routes.map((r) => (
                <option key={r.name} value={`route:${r.name}`}>
                  {r.name}
                </option>
              ))}
            </optgroup>
          )}
          {providers.length > 0 && (
            <optgroup label={t("workflows.llm.providers")}>
              {providers.map((p) => (
                <option key={p.id} value={`provider:${p.id}`}>
                  {p.name}
                </option>
              ))}
            </optgroup>
          )}
          {target?.kind === "route" && !routes.some((r) => r.name === target.name) && <option value={value(target)}>{target.name}</option>}
          {target?.kind === "model" && !provider && <option value={value(target)}>{target.provider_id}</option>}
        </select>
      </label>
      {target?.kind === "model" && (
        <label>
          {t("workflows.llm.model")}
          <input list={list} value={target.model} onChange={(e) => onChange({ ...target, model: e.target.value })} data-testid="wf-llm-model" />
          <datalist id={list}>
            {(provider?.models ?? []).map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        </label>
      )}
    </div>
  );
}
