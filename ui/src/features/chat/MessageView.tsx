import { useTranslation } from "react-i18next";
import { CopyButton } from "../../lib/CopyButton";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { describeCost, formatUsd } from "../../lib/money";
import { useProviders } from "../../data/providers";
import type { Feedback_Serialize } from "../../bindings";
import { BranchSwitcher } from "./BranchSwitcher";
import { FeedbackControls, FeedbackNote } from "./FeedbackControls";
import { useEditing } from "./editing";
import { MarkdownBody } from "./MarkdownBody";
import { MessageEditor } from "./MessageEditor";
import type { Message } from "./messages";
import { QueuedNotice } from "./QueuedNotice";

/** What a person can do to a message; each is absent while an answer streams. */
export type MessageActions = {
  /** Asks the answer's question again: Retry on a failed answer, Regenerate on any other that ended. */
  onRegenerate?: () => void;
  /** Sends the question, edited, as a new branch. */
  onEditSend?: (text: string) => void;
  /** Shows another version of the message. */
  onSwitch?: (id: string) => void;
  /** Deletes the message and what follows it. */
  onDelete?: () => void;
  /** Rates an ended answer (null takes the rating back). */
  onFeedback?: (feedback: Feedback_Serialize | null) => void;
};

type Props = MessageActions & {
  message: Message;
  /** Another screen (the usage log) linked to this answer. */
  focused?: boolean;
};

export function MessageView({ message, focused = false, onRegenerate, onEditSend, onSwitch, onDelete, onFeedback }: Props) {
  const { t } = useTranslation();
  const editing = useEditing((s) => s.editingId === message.id);
  const edit = useEditing((s) => s.edit);
  const isUser = message.role === "user";
  const streaming = message.status === "streaming";
  const queued = message.status === "queued";
  const cost = describeCost(message.cost);
  // Which provider answered: through a route with fallback it may not be the first one.
  const answeredBy = useProviders((s) => s.providers.find((p) => p.id === message.provider_id)?.name ?? null);
  const versions = onSwitch && <BranchSwitcher siblings={message.siblings} id={message.id} onSwitch={onSwitch} />;
  const remove = onDelete && (
    <button className="link small" onClick={onDelete} data-testid="message-delete">
      {t("chat.deleteMessage.action")}
    </button>
  );

  return (
    <article
      className={`message ${isUser ? "user" : "assistant"} status-${message.status} ${focused ? "focused" : ""}`}
      data-testid={`message-${message.role}`}
      data-message-id={message.id}
    >
      <header className="message-head">
        <strong>{isUser ? t("chat.you") : (message.model ?? t("chat.assistant"))}</strong>
        {!isUser && answeredBy && (
          <span className="answered-by muted small" title={t("chat.answeredByHint")} data-testid="answered-by">
            {t("chat.answeredBy", { provider: answeredBy })}
          </span>
        )}
        {message.status !== "complete" && <span className={`badge ${message.status}`}>{t(`chat.status.${message.status}`)}</span>}
        {!isUser && message.cached && <CachedBadge savedMicros={message.saved_cost_usd_micros} />}
      </header>
      {editing && onEditSend ? (
        <MessageEditor
          text={message.content}
          onCancel={() => edit(null)}
          onSend={(text) => {
            edit(null);
            onEditSend(text);
          }}
        />
      ) : (
        <div className="message-body markdown" data-testid="message-body">
          {isUser ? <p className="plain">{message.content}</p> : <MarkdownBody text={message.content} />}
          {streaming && <span className="cursor" aria-hidden />}
        </div>
      )}
      {message.error && <ErrorBanner error={message.error} />}
      {/* A cut answer (interrupted) may be one the queue waits to hear about: the notice shows only if it is. */}
      {!isUser && (queued || message.status === "interrupted") && <QueuedNotice message={message} />}
      {!isUser && !streaming && !queued && (
        <footer className="message-meta">
          {(message.usage.input_tokens > 0 || message.usage.output_tokens > 0) && (
            <span title={message.usage.estimated ? t("chat.estimatedHint") : undefined}>
              {message.usage.estimated ? "≈ " : ""}
              {t("chat.usage", { input: message.usage.input_tokens, output: message.usage.output_tokens })}
            </span>
          )}
          {message.latency_ms != null &&
            (message.ttft_ms != null ? (
              <span>{t("chat.timing", { latency: message.latency_ms, ttft: message.ttft_ms })}</span>
            ) : (
              <span>{t("chat.latency", { latency: message.latency_ms })}</span>
            ))}
          {message.trace_id && (
            <span className={`cost ${cost.kind}`} data-testid="message-cost">
              {cost.kind === "priced" ? cost.text : t(`chat.cost.${cost.kind}`)}
            </span>
          )}
          {message.trace_id && <CopyButton text={() => message.trace_id ?? ""} label={t("chat.copyTrace")} testId="message-copy-trace" />}
          {message.content && <CopyButton text={() => message.content} testId="message-copy" />}
          {onRegenerate &&
            (message.status === "error" ? (
              <button className="link small" onClick={onRegenerate} data-testid="message-retry">
                {t("chat.retry")}
              </button>
            ) : (
              <button className="link small" onClick={onRegenerate} title={t("chat.regenerateHint")} data-testid="message-regenerate">
                {t("chat.regenerate")}
              </button>
            ))}
          {onFeedback && message.status !== "error" && <FeedbackControls feedback={message.feedback} onChange={onFeedback} />}
          {remove}
          {versions}
        </footer>
      )}
      {!isUser && <FeedbackNote feedback={message.feedback} />}
      {isUser && !editing && (
        <footer className="message-meta message-actions">
          <CopyButton text={() => message.content} testId="message-copy" />
          {onEditSend && (
            <button className="link small" onClick={() => edit(message.id)} data-testid="message-edit">
              {t("chat.edit.action")}
            </button>
          )}
          {remove}
          {versions}
        </footer>
      )}
    </article>
  );
}

/** An answer replayed from the response cache, with what its first call cost when that is known and not nothing. */
function CachedBadge({ savedMicros }: { savedMicros: number | null | undefined }) {
  const { t } = useTranslation();
  const saved = savedMicros != null && savedMicros > 0 ? formatUsd(savedMicros) : null;
  return (
    <span className="badge cached" data-testid="message-cached" title={saved ? t("chat.cachedHintSaved", { cost: saved }) : t("chat.cachedHint")}>
      {saved ? t("chat.cachedSaved", { cost: saved }) : t("chat.cached")}
    </span>
  );
}
