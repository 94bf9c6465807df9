import { useTranslation } from "react-i18next";
import { useNavigation } from "../../data/navigation";
import type { Provider } from "../../data/providers";
import type { ProviderReach, QueueItem } from "../../data/queue";
import { nextTry, nextTryText, shorten, targetLabel } from "../../data/queueItem";
import { formatDuration } from "../../lib/cache";
import { QueueItemControls, QueueLastError } from "../../lib/QueueItemControls";

type Props = { item: QueueItem; reach: ProviderReach | undefined; providers: Provider[]; now: number };

/** One waiting message: where it stands, what it is, what it waits for, and what can be done to it. */
export function QueueItemRow({ item, reach, providers, now }: Props) {
  const { t } = useTranslation();
  const openChat = useNavigation((s) => s.openChat);
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
      <QueueLastError item={item} testId="queue-last-error" />
      {item.state === "needs_decision" && <p className="hint">{t("queue.needsDecisionHint")}</p>}
      {item.state === "sending" && <p className="hint" data-testid="queue-sending">{t("queue.sendingHint")}</p>}
      <QueueItemControls item={item} testIdPrefix="queue" cancelClass="danger" />
    </li>
  );
}
