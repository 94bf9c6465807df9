import { useTranslation } from "react-i18next";
import type { Provider } from "../../data/providers";
import type { QueueStatus } from "../../data/queue";
import { formatDuration } from "../../lib/cache";
import { ReachabilityBadge } from "../../lib/ReachabilityBadge";
import { errorText } from "../../lib/errorText";

type Props = { status: QueueStatus; providers: Provider[]; now: number };

/** Whether this computer has a network, and whether each provider answered the last time it was called or probed. */
export function ConnectivityCard({ status, providers, now }: Props) {
  const { t, i18n } = useTranslation();
  const up = status.network_up;
  return (
    <div className="card connectivity" data-testid="queue-connectivity">
      <div className={`network ${up ? "up" : "down"}`} data-testid="queue-network" data-up={String(up)}>
        <span className="reach-dot" aria-hidden />
        <strong>{t(up ? "queue.network.up" : "queue.network.down")}</strong>
        {!up && <span className="hint">{t("queue.network.downHint")}</span>}
      </div>
      {providers.length === 0 ? (
        <p className="muted small">{t("queue.noProviders")}</p>
      ) : (
        <ul className="reach-list">
          {providers.map((p) => {
            const reach = status.providers.find((r) => r.provider_id === p.id);
            const probeIn = reach?.state === "offline" && reach.next_probe_at != null ? reach.next_probe_at - now : null;
            return (
              <li key={p.id} className="row" data-testid="queue-provider" data-provider-id={p.id}>
                <span className="reach-name">{p.name}</span>
                <ReachabilityBadge state={reach?.state ?? "unknown"} />
                {probeIn !== null && probeIn > 0 && (
                  <span className="muted small">{t("queue.nextProbe", { duration: formatDuration(Math.ceil(probeIn / 1000) * 1000, t) })}</span>
                )}
                {reach?.last_error && reach.state !== "online" && (
                  <span className="muted small" title={reach.last_error.code}>
                    {errorText(t, i18n.language, reach.last_error)}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
