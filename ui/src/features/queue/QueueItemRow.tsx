import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigation } from "../../data/navigation";
import type { Provider } from "../../data/providers";
import { useQueue, type ProviderReach, type QueueItem } from "../../data/queue";
import { actionSlug, actionsFor, nextTry, nextTryText, shorten, targetLabel, type QueueAction } from "../../data/queueItem";
import { toAppError, type AppError } from "../../lib/api";
import { formatDuration } from "../../lib/cache";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { errorText } from "../../lib/errorText";
import { InlineTextEdit } from "../../lib/InlineTextEdit";

type Props = { item: QueueItem; reach: ProviderReach | undefined; providers: Provider[]; now: number };

/** One waiting message: where it stands, what it is, what it waits for, and what can be done to it. */
export function QueueItemRow({ item, reach, providers, now }: Props) {
  const { t, i18n } = useTranslation();
  const { sendNow, cancel, edit } = useQueue();
  const openChat = useNavigation((s) => s.openChat);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  const run = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(toAppError(e));
      throw e;
    }
  };
  const onAction = (action: QueueAction) => {
    if (action === "edit") return setEditing(true);
    void run(action === "cancel" ? () => cancel(item.id) : () => sendNow(item.id)).catch(() => {});
  };
  const age = formatDuration(Math.floor(Math.max(0, now - item.created_at) / 1000) * 1000, t);

  return (
    <li className={`card queue-item state-${item.state}`} data-testid="queue-item" data-state={item.state} data-queue-position={item.position} data-item-id={item.id}>
      <div className="queue-item-head">
        <span className="queue-position" data-testid="queue-position" title={t("queue.positionHint")}>
          {item.position}
        </span>
        <button className="link queue-conversation" onClick={() => openChat(item.conversation_id, item.answer_message_id)} title={t("queue.openChat")} data-testid="queue-open-chat">
          {item.conversation_title}
        </button>
        <span className={`badge queue-state ${item.state}`} data-testid="queue-state">
          {t(`queue.state.${item.state}`)}
        </span>
      </div>
      <p className="queue-question" title={item.text} data-testid="queue-question">
        {shorten(item.text)}
      </p>
      <div className="queue-facts muted small">
        <span data-testid="queue-target">{t("queue.to", { target: targetLabel(item.target, providers) })}</span>
        <span>{t("queue.age", { duration: age })}</span>
        <span data-testid="queue-attempts">{t("queue.attempts", { count: item.attempts })}</span>
        <span data-testid="queue-next-try">{nextTryText(nextTry(item, reach, now), t)}</span>
      </div>
      {item.last_error && (
        <div className="queue-error small" data-testid="queue-last-error">
          {t("queue.lastError")}: {errorText(t, i18n.language, item.last_error)} <code>{item.last_error.code}</code>
        </div>
      )}
      {item.state === "needs_decision" && <p className="hint">{t("queue.needsDecisionHint")}</p>}
      {item.state === "sending" && <p className="hint" data-testid="queue-sending">{t("queue.sendingHint")}</p>}
      {editing ? (
        <InlineTextEdit
          initial={item.text}
          label={t("queue.editLabel")}
          testId="queue-edit"
          onDiscard={() => setEditing(false)}
          onSave={(text) => run(() => edit(item.id, text)).then(() => setEditing(false))}
        />
      ) : (
        actionsFor(item.state).length > 0 && (
          <div className="row">
            {actionsFor(item.state).map((action) => (
              <button key={action} className={action === "cancel" ? "danger" : action === "edit" ? "" : "primary"} onClick={() => onAction(action)} data-testid={`queue-${actionSlug(action)}`}>
                {t(`queue.action.${action}`)}
              </button>
            ))}
          </div>
        )
      )}
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
    </li>
  );
}
