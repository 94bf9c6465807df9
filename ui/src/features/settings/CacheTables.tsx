import { useTranslation } from "react-i18next";
import type { CacheClear, CacheStats } from "../../bindings";
import { useProviders } from "../../data/providers";
import { formatBytes, formatCount as count } from "../../lib/cache";

type Props = { stats: CacheStats | null; clearing: boolean; onClear: (which: CacheClear) => void };

/** The kept answers by provider and model, and by namespace, each with its own Clear. */
export function CacheTables({ stats, clearing, onClear }: Props) {
  const { t } = useTranslation();
  const providers = useProviders((s) => s.providers);
  const providerName = (id: string) => providers.find((p) => p.id === id)?.name;
  return (
    <>
      <h4>{t("settings.cache.byModel")}</h4>
      {stats && stats.models.length === 0 && <p className="muted">{t("settings.cache.empty")}</p>}
      {stats && stats.models.length > 0 && (
        <table className="plain-table" data-testid="cache-models">
          <thead>
            <tr>
              <th>{t("settings.cache.provider")}</th>
              <th>{t("settings.cache.model")}</th>
              <th className="num">{t("settings.cache.answers")}</th>
              <th className="num">{t("settings.cache.size")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {stats.models.map((m) => (
              <tr key={`${m.provider_id}/${m.model}`} data-testid="cache-model-row">
                <td>{providerName(m.provider_id) ?? <span className="muted" title={m.provider_id}>{t("settings.cache.removedProvider")}</span>}</td>
                <td className="wrap-anywhere">{m.model}</td>
                <td className="num">{count(m.entries)}</td>
                <td className="num nowrap">{formatBytes(m.bytes)}</td>
                <td className="num">
                  <button
                    className="link danger"
                    disabled={clearing}
                    onClick={() => onClear({ kind: "model", provider_id: m.provider_id, model: m.model })}
                    aria-label={t("settings.cache.clearModel", { model: m.model })}
                  >
                    {t("settings.cache.clear")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {stats && stats.namespaces.length > 0 && (
        <>
          <h4>{t("settings.cache.byNamespace")}</h4>
          <p className="hint">{t("settings.cache.namespaceHint")}</p>
          <table className="plain-table" data-testid="cache-namespaces">
            <thead>
              <tr>
                <th>{t("settings.cache.namespace")}</th>
                <th className="num">{t("settings.cache.answers")}</th>
                <th className="num">{t("settings.cache.size")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {stats.namespaces.map((n) => (
                <tr key={n.namespace} data-testid="cache-namespace-row">
                  <td className="wrap-anywhere">
                    <code>{n.namespace}</code>
                    {n.namespace === "default" && <span className="muted small"> · {t("settings.cache.defaultNamespace")}</span>}
                  </td>
                  <td className="num">{count(n.entries)}</td>
                  <td className="num nowrap">{formatBytes(n.bytes)}</td>
                  <td className="num">
                    <button
                      className="link danger"
                      disabled={clearing}
                      onClick={() => onClear({ kind: "namespace", namespace: n.namespace })}
                      aria-label={t("settings.cache.clearNamespace", { namespace: n.namespace })}
                    >
                      {t("settings.cache.clear")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
