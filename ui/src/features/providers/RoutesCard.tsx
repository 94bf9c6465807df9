import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, type Strategy } from "../../bindings";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { toAppError, unwrap, type AppError } from "../../lib/api";
import { CACHE_CHOICES, cacheChoice, effectivePolicy, emptyRoute, moveTarget, validateRoute, withCacheChoice, type CacheChoice, type Route } from "./routes";
import { useRoutes } from "../../data/routes";
import { useProviders } from "../../data/providers";
import { useSettings } from "../../data/settings";
import { useConfirm } from "../../lib/useConfirm";

const STRATEGIES: Strategy[] = ["priority", "weighted", "latency"];

export function RoutesCard() {
  const { t } = useTranslation();
  const providers = useProviders((s) => s.providers);
  const routes = useRoutes((s) => s.routes);
  const settingsPolicy = useSettings((s) => s.settings?.cache_policy ?? "deterministic");
  const [draft, setDraft] = useState<Route | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [ask, confirmDialog] = useConfirm();

  const reload = () => useRoutes.getState().load().catch((e) => setError(toAppError(e)));
  useEffect(() => void reload(), []);

  const name = (id: string) => providers.find((p) => p.id === id)?.name ?? id;
  const save = async () => {
    if (!draft || validateRoute(draft).length) return;
    setError(null);
    try {
      await unwrap(commands.saveRoute(draft));
      setDraft(null);
      await reload();
    } catch (e) {
      setError(toAppError(e));
    }
  };

  return (
    <div className="card" data-testid="routes-card">
      <div className="row spread">
        <h3>{t("routes.title")}</h3>
        {!draft && providers.length > 0 && (
          <button onClick={() => setDraft(emptyRoute(providers[0]))} data-testid="add-route">
            + {t("routes.add")}
          </button>
        )}
      </div>
      <p className="muted small">{t("routes.intro")}</p>
      {routes.map((r) => (
        <div key={r.name} className="row spread route">
          <span>
            <code>{r.name}</code> <span className="badge">{t(`routes.strategy.${r.strategy}`)}</span>{" "}
            {r.strict && (
              <>
                <span className="badge">{t("routes.strictBadge")}</span>{" "}
              </>
            )}
            {r.cache != null && (
              <>
                <span className="badge" data-testid="route-cache-badge">
                  {t("routes.cacheBadge", { policy: t(`cache.policy.${r.cache}`) })}
                </span>{" "}
              </>
            )}
            {r.cache_tool_calls && effectivePolicy(r, settingsPolicy) !== "off" && (
              <>
                <span className="badge">{t("routes.toolCallsBadge")}</span>{" "}
              </>
            )}
            <span className="muted small">{r.targets.map((x) => `${name(x.provider_id)}/${x.model}`).join(" → ")}</span>
          </span>
          <span className="row">
            <button onClick={() => setDraft(r)}>{t("routes.edit")}</button>
            <button
              className="danger"
              data-testid="route-delete"
              onClick={() =>
                void ask({ title: t("routes.deleteTitle"), message: t("routes.confirmDelete", { name: r.name }), confirmLabel: t("routes.delete") }).then((yes) => {
                  if (yes) void unwrap(commands.deleteRoute(r.name)).then(reload).catch((e) => setError(toAppError(e)));
                })
              }
            >
              {t("routes.delete")}
            </button>
          </span>
        </div>
      ))}
      {draft && (
        <form
          className="editor"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div className="row">
            <label>
              {t("routes.name")}
              <input value={draft.name} placeholder="smart" onChange={(e) => setDraft({ ...draft, name: e.target.value })} data-testid="route-name" />
            </label>
            <label>
              {t("routes.strategyLabel")}
              <select value={draft.strategy} onChange={(e) => setDraft({ ...draft, strategy: e.target.value as Strategy })}>
                {STRATEGIES.map((s) => (
                  <option key={s} value={s}>
                    {t(`routes.strategy.${s}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {draft.targets.map((target, i) => {
            const set = (patch: Partial<typeof target>) =>
              setDraft({ ...draft, targets: draft.targets.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
            const models = providers.find((p) => p.id === target.provider_id)?.models ?? [];
            return (
              <div className="row" key={i}>
                <span className="muted">{i + 1}.</span>
                <select value={target.provider_id} onChange={(e) => set({ provider_id: e.target.value })}>
                  {providers.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
                <input list={`route-models-${i}`} value={target.model} placeholder={t("routes.model")} onChange={(e) => set({ model: e.target.value })} />
                <datalist id={`route-models-${i}`}>
                  {models.map((m) => (
                    <option key={m} value={m} />
                  ))}
                </datalist>
                {draft.strategy === "weighted" && (
                  <input className="port" type="number" min={1} value={target.weight} onChange={(e) => set({ weight: Number(e.target.value) || 1 })} />
                )}
                <button type="button" className="icon" onClick={() => setDraft({ ...draft, targets: moveTarget(draft.targets, i, i - 1) })}>
                  ↑
                </button>
                <button type="button" className="icon" onClick={() => setDraft({ ...draft, targets: draft.targets.filter((_, j) => j !== i) })}>
                  ✕
                </button>
              </div>
            );
          })}
          <button
            type="button"
            className="link"
            onClick={() => setDraft({ ...draft, targets: [...draft.targets, ...emptyRoute(providers[0]).targets] })}
          >
            + {t("routes.addTarget")}
          </button>
          <div className="route-strict">
            <label className="inline">
              <input type="checkbox" checked={draft.strict} onChange={(e) => setDraft({ ...draft, strict: e.target.checked })} data-testid="route-strict" />
              {t("routes.strict")}
            </label>
            <span className="hint">{t("routes.strictHelp")}</span>
          </div>
          <div className="route-cache">
            <label>
              {t("routes.cache")}
              <select value={cacheChoice(draft)} onChange={(e) => setDraft(withCacheChoice(draft, e.target.value as CacheChoice))} data-testid="route-cache">
                {CACHE_CHOICES.map((c) => (
                  <option key={c} value={c}>
                    {c === "settings" ? t("routes.cacheChoice.settings", { policy: t(`cache.policy.${settingsPolicy}`) }) : t(`cache.policy.${c}`)}
                  </option>
                ))}
              </select>
              <span className="hint">{t(`cache.policyHint.${effectivePolicy(draft, settingsPolicy)}`)}</span>
            </label>
            <label className="inline">
              <input
                type="checkbox"
                checked={draft.cache_tool_calls ?? false}
                disabled={effectivePolicy(draft, settingsPolicy) === "off"}
                onChange={(e) => setDraft({ ...draft, cache_tool_calls: e.target.checked })}
                data-testid="route-cache-tool-calls"
              />
              {t("routes.cacheToolCalls")}
            </label>
            <span className="hint">{t("routes.cacheToolCallsHelp")}</span>
          </div>
          {validateRoute(draft).map((p) => (
            <span key={p} className="field-error">
              {t(`routes.problem.${p}`)}
            </span>
          ))}
          <div className="row end">
            <button type="button" className="link" onClick={() => setDraft(null)} data-testid="route-cancel">
              {t("routes.cancel")}
            </button>
            <button type="submit" className="primary" disabled={validateRoute(draft).length > 0}>
              {t("routes.save")}
            </button>
          </div>
        </form>
      )}
      {error && <ErrorBanner error={error} />}
      {confirmDialog}
    </div>
  );
}
