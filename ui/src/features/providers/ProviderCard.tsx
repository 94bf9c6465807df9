import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, type ConnectionTest_Serialize } from "../../bindings";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { toAppError, unwrap, type AppError } from "../../lib/api";
import { useProviders, type Provider } from "../../data/providers";
import { useQueue } from "../../data/queue";
import { ReachabilityBadge } from "../../lib/ReachabilityBadge";
import { useConfirm } from "../../lib/useConfirm";
import { ProviderModels } from "./ProviderModels";
import { useFetchModels } from "./useFetchModels";
import "./providers.css";

export function ProviderCard({ provider, onEdit }: { provider: Provider; onEdit: () => void }) {
  const { t } = useTranslation();
  const { remove, load } = useProviders();
  const { state: fetched, fetchModels } = useFetchModels(provider.id);
  const [test, setTest] = useState<ConnectionTest_Serialize | "running" | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [ask, confirmDialog] = useConfirm();
  // Whether it answered the last time it was called or probed, as the offline queue keeps track.
  const reach = useQueue((s) => s.status?.providers.find((r) => r.provider_id === provider.id));

  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(toAppError(e));
    }
  };

  return (
    <div className="card provider" data-testid="provider-card">
      <div className="row spread">
        <div>
          <h3>{provider.name}</h3>
          <div className="muted small">{provider.base_url}</div>
          <ReachabilityBadge state={reach?.state ?? "unknown"} title={reach?.last_error?.message} />
        </div>
        <span className={`badge ${provider.has_key ? "ok" : ""}`}>{provider.has_key ? t("providers.hasKey") : t("providers.noKey")}</span>
      </div>
      <ProviderModels models={provider.models} />
      <div className="row">
        <button
          data-testid="provider-test"
          disabled={test === "running"}
          onClick={() =>
            void run(async () => {
              setTest("running");
              try {
                const result = await unwrap(commands.testProvider(provider.id));
                setTest(result);
                if (result.ok) await load();
              } catch (e) {
                setTest(null);
                throw e;
              }
            })
          }
        >
          {test === "running" ? t("providers.testing") : t("providers.test")}
        </button>
        <button data-testid="provider-fetch-models" disabled={fetched.kind === "running"} onClick={() => void fetchModels()}>
          {fetched.kind === "running" ? (
            <>
              <span className="spinner" aria-hidden /> {t("providers.fetching")}
            </>
          ) : (
            t("providers.fetchModels")
          )}
        </button>
        <button onClick={onEdit}>{t("providers.edit")}</button>
        <button
          className="danger"
          data-testid="provider-delete"
          onClick={() =>
            void ask({ title: t("providers.deleteTitle"), message: t("providers.confirmDelete", { name: provider.name }), confirmLabel: t("providers.delete") }).then((yes) => {
              if (yes) void run(() => remove(provider.id));
            })
          }
        >
          {t("providers.delete")}
        </button>
      </div>
      {test && test !== "running" && test.ok && (
        <div className="test-result ok" data-testid="provider-test-result">
          {t("providers.testOk", { count: test.model_count, ms: test.latency_ms })}
        </div>
      )}
      {test && test !== "running" && !test.ok && test.error && (
        <div data-testid="provider-test-result">
          <strong>{t("providers.testFailed")}</strong>
          <ErrorBanner error={test.error} />
        </div>
      )}
      {fetched.kind === "found" && (
        <div className="test-result ok" data-testid="provider-fetch-result">
          {t("providers.fetchFound", { count: fetched.count })}
        </div>
      )}
      {fetched.kind === "failed" && (
        <div data-testid="provider-fetch-result">
          <strong>{t("providers.fetchFailed")}</strong>
          <ErrorBanner error={fetched.error} />
        </div>
      )}
      {error && <ErrorBanner error={error} />}
      {confirmDialog}
    </div>
  );
}
