import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useProviders } from "../../data/providers";
import { useQueue } from "../../data/queue";
import { limitsUsed, reachOf } from "../../data/queueItem";
import { toAppError, type AppError } from "../../lib/api";
import { formatCount as count } from "../../lib/cache";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { useNow } from "../../lib/useNow";
import { ConnectivityCard } from "./ConnectivityCard";
import { EmptyQueue } from "./EmptyQueue";
import { QueueItemRow } from "./QueueItemRow";

/** Every message waiting to be sent, in queue order, under what can be reached now and how full the queue is. */
export function QueueScreen() {
  const { t } = useTranslation();
  const { status, load } = useQueue();
  const providers = useProviders((s) => s.providers);
  const [error, setError] = useState<AppError | null>(null);
  const now = useNow();

  // The store follows the core's events app-wide; opening the screen reads it afresh as well.
  useEffect(() => void load().catch((e) => setError(toAppError(e))), [load]);

  if (!status) {
    return (
      <div className="page medium" data-testid="queue-screen">
        <h2>{t("queue.title")}</h2>
        {error ? <ErrorBanner error={error} /> : <p className="muted">{t("queue.loading")}</p>}
      </div>
    );
  }
  const used = limitsUsed(status);

  return (
    <div className="page medium" data-testid="queue-screen">
      <h2>{t("queue.title")}</h2>
      <p className="muted">{t("queue.intro")}</p>
      <ConnectivityCard status={status} providers={providers} now={now} />
      <p className="queue-limits" data-testid="queue-limits" title={t("queue.limitsHint")}>
        {t("queue.limits", { items: count(used.items), maxItems: count(used.maxItems), kb: count(used.kb), maxKb: count(used.maxKb) })}
      </p>
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
      {status.items.length === 0 ? (
        <EmptyQueue />
      ) : (
        <ol className="queue-list" data-testid="queue-list">
          {status.items.map((item) => (
            <QueueItemRow key={item.id} item={item} reach={reachOf(item.target, status.providers)} providers={providers} now={now} />
          ))}
        </ol>
      )}
    </div>
  );
}
