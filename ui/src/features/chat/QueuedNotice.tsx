import { useTranslation } from "react-i18next";
import { useQueue } from "../../data/queue";
import { nextTry, nextTryText, ordinal, reachOf } from "../../data/queueItem";
import { QueueItemControls, QueueLastError } from "../../lib/QueueItemControls";
import { useNow } from "../../lib/useNow";
import type { Message } from "./messages";
import { useStore } from "zustand";
import { usePaneStore } from "./paneStore";

/**
 * Under an answer that waits in the offline queue: where it stands, why it waits, its last error, and what the
 * person can do (send now or resend, edit the question, cancel). The item is looked up by its answer's id.
 */
export function QueuedNotice({ message }: { message: Message }) {
  const { t, i18n } = useTranslation();
  const item = useQueue((s) => s.status?.items.find((i) => i.answer_message_id === message.id));
  const reach = useQueue((s) => (item && s.status ? reachOf(item.target, s.status.providers) : undefined));
  const reload = useStore(usePaneStore(), (s) => s.reload);
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
      <QueueLastError item={item} testId="queued-last-error" />
      {/* After an action the chat reloads: a cancelled question goes, an edited one changes. */}
      <QueueItemControls item={item} testIdPrefix="queued" cancelClass="link" afterChange={reload} />
    </div>
  );
}
