import { useTranslation } from "react-i18next";
import type { LedgerEntry_Serialize, LogRow_Serialize } from "../../../bindings";
import { Icon } from "../../../lib/icons";
import { formatMoney, formatUsd } from "../../../lib/money";
import { formatCount, formatMs, formatTime } from "../format";
import { cacheSaving, chatLink } from "../log";

type Props = {
  rows: LogRow_Serialize[];
  selectedTrace: string | null;
  onSelect: (traceId: string) => void;
  onOpenChat: (conversationId: string, messageId: string | null) => void;
};

/** Every ledger field, one row per call; wide, so it scrolls sideways inside its card, never the page. */
export function LogTable({ rows, selectedTrace, onSelect, onOpenChat }: Props) {
  const { t, i18n } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="log-table" data-testid="usage-log">
        <thead>
          <tr>
            <th>{t("usage.log.time")}</th>
            <th>{t("usage.log.origin")}</th>
            <th>{t("usage.log.route")}</th>
            <th>{t("usage.log.provider")}</th>
            <th>{t("usage.log.model")}</th>
            <th>{t("usage.log.status")}</th>
            <th className="num">{t("usage.log.attempts")}</th>
            <th>{t("usage.log.streamed")}</th>
            <th className="num">{t("usage.log.input")}</th>
            <th className="num">{t("usage.tokens.kind.cache_read")}</th>
            <th className="num">{t("usage.tokens.kind.cache_write")}</th>
            <th className="num">{t("usage.log.output")}</th>
            <th className="num">{t("usage.tokens.kind.reasoning")}</th>
            <th className="num">{t("usage.log.cost")}</th>
            <th className="num">{t("usage.log.usd")}</th>
            <th className="num">{t("usage.log.latency")}</th>
            <th className="num">{t("usage.log.ttft")}</th>
            <th>{t("usage.log.trace")}</th>
            <th>{t("usage.log.feedback")}</th>
            <th>{t("usage.log.chat")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ id, entry: e, feedback }) => {
            const link = chatLink({ id, entry: e });
            return (
              <tr key={id} className={selectedTrace === e.trace_id ? "selected" : ""} onClick={() => onSelect(e.trace_id)} data-testid="log-row">
                <td className="nowrap">{formatTime(e.at, i18n.language)}</td>
                <td title={e.origin}>
                  <span className="badge">{t(`usage.origin.${e.origin_kind}`)}</span> <span className="muted small">{e.origin}</span>
                </td>
                <td className="wrap-anywhere">{e.route}</td>
                <td className="cell-provider">{e.provider_name ?? e.provider_id ?? "—"}</td>
                <td className="wrap-anywhere">{e.model ?? "—"}</td>
                <td>
                  <span className={`badge ${e.status}`}>{t(`usage.status.${e.status}`)}</span>
                  {e.error_category && <div className="small danger-text">{t(`usage.category.${e.error_category}`)}</div>}
                  {e.status === "cached" && <CacheSaving entry={e} />}
                </td>
                <td className="num">{e.attempts}</td>
                <td>{e.streamed ? t("usage.log.yes") : t("usage.log.no")}</td>
                <td className="num">{formatCount(e.usage.input_tokens)}</td>
                <td className="num">{formatCount(e.usage.cache_read_tokens)}</td>
                <td className="num">{formatCount(e.usage.cache_write_tokens)}</td>
                <td className="num" title={e.usage.estimated ? t("chat.estimatedHint") : undefined}>
                  {e.usage.estimated ? "≈ " : ""}
                  {formatCount(e.usage.output_tokens)}
                </td>
                <td className="num">{formatCount(e.usage.reasoning_tokens)}</td>
                <td className="num nowrap">{e.cost ? formatMoney(e.cost.micros, e.cost.currency) : <span className="badge warn">{t("usage.log.unpriced")}</span>}</td>
                <td className="num nowrap">{e.cost ? formatUsd(e.cost.usd_micros) : "—"}</td>
                <td className="num nowrap">{formatMs(e.latency_ms)}</td>
                <td className="num nowrap">{e.ttft_ms == null ? "—" : formatMs(e.ttft_ms)}</td>
                <td>
                  <code className="trace" title={e.trace_id}>
                    {e.trace_id.slice(0, 8)}
                  </code>
                </td>
                <td>
                  <RowFeedback feedback={feedback} />
                </td>
                <td>
                  {link && (
                    <button
                      className="link"
                      onClick={(ev) => {
                        ev.stopPropagation();
                        onOpenChat(link.conversationId, link.messageId);
                      }}
                    >
                      {t("usage.log.openChat")}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** What a call answered from the cache saved: the first call's cost (when priced) and the time beyond this one. */
function CacheSaving({ entry }: { entry: LedgerEntry_Serialize }) {
  const { t } = useTranslation();
  const saving = cacheSaving(entry);
  if (!saving.cost && !saving.latencyMs) return null;
  const parts = [
    saving.cost && t("usage.log.saved", { cost: saving.cost }),
    saving.latencyMs && t("usage.log.savedTime", { time: formatMs(saving.latencyMs) }),
  ].filter(Boolean);
  return (
    <div className="small ok-text nowrap" data-testid="log-cache-saving">
      {parts.join(" · ")}
    </div>
  );
}

/** The person's rating of the answer this call gave, and their note (in full on hover). */
function RowFeedback({ feedback }: { feedback: LogRow_Serialize["feedback"] }) {
  const { t } = useTranslation();
  if (!feedback) return null;
  const label = t(`chat.feedback.${feedback.rating}`);
  return (
    <span className={`row-feedback ${feedback.rating}`} title={feedback.note ? `${label}: ${feedback.note}` : label} data-testid="log-feedback" data-rating={feedback.rating}>
      <Icon name={feedback.rating === "up" ? "thumbUp" : "thumbDown"} size={14} />
      {feedback.note && <span className="row-feedback-note">{feedback.note}</span>}
    </span>
  );
}
