import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQueue } from "../../data/queue";
import { actionSlug, actionsFor, nextTry, nextTryText, ordinal, reachOf, type QueueAction } from "../../data/queueItem";
import { toAppError, type AppError } from "../../lib/api";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { errorText } from "../../lib/errorText";
import { InlineTextEdit } from "../../lib/InlineTextEdit";
import { useNow } from "../../lib/useNow";
import type { Message } from "./messages";
import { useChat } from "./store";

/**
 * Under an answer that waits in the offline queue: where it stands, why it waits, its last error, and what the
 * person can do (send now or resend, edit the question, cancel). The item is looked up by its answer's id.
 */
export function QueuedNotice({ message }: { message: Message }) {
  const { t, i18n } = useTranslation();
  const item = useQueue((s) => s.status?.items.find((i) => i.answer_message_id === message.id));
  const reach = useQueue((s) => (item && s.status ? reachOf(item.target, s.status.providers) : undefined));
  const { sendNow, cancel, edit } = useQueue();
  const reload = useChat((s) => s.reload);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const now = useNow();

  if (!item) {
    // The queue has not been read yet, or the item just went: the message's own status is all there is.
    if (message.status !== "queued") return null;
    return (
      <div className="queued-notice" data-testid="queued-notice" data-state="unknown">
        <strong>{t("chat.queued.waiting")}</strong>
      </div>
    );
  }
  if (item.state === "sending") {
    if (message.status !== "queued") return null;
    return (
      <div className="queued-notice" data-testid="queued-notice" data-state="sending">
        <strong>{t("chat.queued.sending")}</strong>
      </div>
    );
  }

  const run = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
      await reload(); // a cancelled question goes, an edited one changes
    } catch (e) {
      setError(toAppError(e));
      throw e;
    }
  };
  const onAction = (action: QueueAction) => {
    if (action === "edit") return setEditing(true);
    const go = action === "cancel" ? () => cancel(item.id) : () => sendNow(item.id);
    void run(go).catch(() => {});
  };

  const heading =
    item.state === "held"
      ? t("chat.queued.held")
      : item.state === "needs_decision"
        ? t("chat.queued.needsDecision")
        : t("chat.queued.position", { ordinal: ordinal(item.position, i18n.language) });

  return (
    <div className={`queued-notice state-${item.state}`} data-testid="queued-notice" data-state={item.state} data-queue-position={item.position}>
      <strong data-testid="queued-heading">{heading}</strong>
      {item.state === "needs_decision" && <p className="hint">{t("queue.needsDecisionHint")}</p>}
      {item.state === "queued" && (
        <span className="muted small" data-testid="queued-next-try">
          {nextTryText(nextTry(item, reach, now), t)}
          {item.attempts > 0 && ` · ${t("queue.attempts", { count: item.attempts })}`}
        </span>
      )}
      {item.last_error && (
        <div className="queue-error small" data-testid="queued-last-error">
          {t("queue.lastError")}: {errorText(t, i18n.language, item.last_error)} <code>{item.last_error.code}</code>
        </div>
      )}
      {editing ? (
        <InlineTextEdit
          initial={item.text}
          label={t("queue.editLabel")}
          testId="queued-edit"
          onDiscard={() => setEditing(false)}
          onSave={(text) => run(() => edit(item.id, text)).then(() => setEditing(false))}
        />
      ) : (
        <div className="row">
          {actionsFor(item.state).map((action) => (
            <button key={action} className={action === "cancel" ? "link" : action === "edit" ? "" : "primary"} onClick={() => onAction(action)} data-testid={`queued-${actionSlug(action)}`}>
              {t(`queue.action.${action}`)}
            </button>
          ))}
        </div>
      )}
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
    </div>
  );
}
