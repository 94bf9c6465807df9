import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, type LedgerEntry_Serialize, type LogRow_Serialize } from "../../../bindings";
import { toAppError, unwrap, type AppError } from "../../../lib/api";
import { ErrorBanner } from "../../../lib/ErrorBanner";
import { formatCost } from "../../../lib/money";
import { formatCount, formatMs, formatTime } from "../format";
import { cacheSaving, chatLink } from "../log";

type Props = { traceId: string; onClose: () => void; onOpenChat: (conversationId: string, messageId: string | null) => void };

/** Every ledger row that carries one trace id (a call and its retries), with all their fields. */
export function TraceDetail({ traceId, onClose, onOpenChat }: Props) {
  const { t, i18n } = useTranslation();
  const [rows, setRows] = useState<LogRow_Serialize[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    let current = true;
    setRows(null);
    setError(null);
    unwrap(commands.usageTrace(traceId))
      .then((r) => current && setRows(r))
      .catch((e) => current && setError(toAppError(e)));
    return () => void (current = false);
  }, [traceId]);

  return (
    <aside className="card trace-detail" data-testid="trace-detail">
      <div className="row spread">
        <h3>
          {t("usage.trace.title")} <code className="wrap-anywhere">{traceId}</code>
        </h3>
        <button className="link" onClick={onClose}>
          {t("usage.trace.close")}
        </button>
      </div>
      {error && <ErrorBanner error={error} />}
      {rows?.length === 0 && <p className="muted">{t("usage.trace.notFound")}</p>}
      {rows?.map(({ id, entry: e }) => {
        const link = chatLink({ id, entry: e });
        return (
          <dl key={id} className="facts">
            <dt>{t("usage.log.time")}</dt>
            <dd>{formatTime(e.at, i18n.language)}</dd>
            <dt>{t("usage.log.origin")}</dt>
            <dd>
              {t(`usage.origin.${e.origin_kind}`)} · {e.origin}
              {e.access_key_id && <span className="muted"> · {e.access_key_id}</span>}
            </dd>
            <dt>{t("usage.log.route")}</dt>
            <dd>{e.route}</dd>
            <dt>{t("usage.log.provider")}</dt>
            <dd>{[e.provider_name, e.provider_id].filter(Boolean).join(" · ") || "—"}</dd>
            <dt>{t("usage.log.model")}</dt>
            <dd>{e.model ?? "—"}</dd>
            <dt>{t("usage.log.status")}</dt>
            <dd>
              {t(`usage.status.${e.status}`)}
              {e.error_category && ` · ${t(`usage.category.${e.error_category}`)}`}
            </dd>
            {e.cache && (
              <>
                <dt>{t("usage.log.cache")}</dt>
                <dd data-testid="trace-cache">
                  {t(`usage.cacheUse.${e.cache}`)}
                  {e.cache === "hit" && cacheSavingText(e, t)}
                </dd>
              </>
            )}
            <dt>{t("usage.log.attempts")}</dt>
            <dd>{e.attempts}</dd>
            <dt>{t("usage.log.streamed")}</dt>
            <dd>{e.streamed ? t("usage.log.yes") : t("usage.log.no")}</dd>
            <dt>{t("usage.totals.tokens")}</dt>
            <dd>
              {t("usage.trace.tokens", {
                input: formatCount(e.usage.input_tokens),
                cacheRead: formatCount(e.usage.cache_read_tokens),
                cacheWrite: formatCount(e.usage.cache_write_tokens),
                output: formatCount(e.usage.output_tokens),
                reasoning: formatCount(e.usage.reasoning_tokens),
              })}
              {e.usage.estimated && <span className="muted"> · {t("usage.trace.estimated")}</span>}
            </dd>
            <dt>{t("usage.log.cost")}</dt>
            <dd>{e.cost ? `${formatCost(e.cost)} · ${t(`usage.source.${e.cost.source}`)}` : t("usage.log.unpriced")}</dd>
            <dt>{t("usage.log.latency")}</dt>
            <dd>
              {formatMs(e.latency_ms)}
              {e.ttft_ms != null && ` · ${t("usage.log.ttft")} ${formatMs(e.ttft_ms)}`}
            </dd>
            {link && (
              <>
                <dt>{t("usage.log.chat")}</dt>
                <dd>
                  <button className="link" onClick={() => onOpenChat(link.conversationId, link.messageId)}>
                    {t("usage.log.openChat")}
                  </button>
                </dd>
              </>
            )}
          </dl>
        );
      })}
    </aside>
  );
}

function cacheSavingText(e: LedgerEntry_Serialize, t: (key: string, o: Record<string, string>) => string): string {
  const saving = cacheSaving(e);
  const parts = [saving.cost && t("usage.log.saved", { cost: saving.cost }), saving.latencyMs && t("usage.log.savedTime", { time: formatMs(saving.latencyMs) })];
  return parts.filter(Boolean).map((p) => ` · ${p}`).join("");
}
