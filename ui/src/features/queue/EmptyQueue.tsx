import { useTranslation } from "react-i18next";
import { Icon } from "../../lib/icons";

/** What the queue is for, for someone who has never seen anything in it. */
export function EmptyQueue() {
  const { t } = useTranslation();
  return (
    <div className="empty-state queue-empty" data-testid="queue-empty">
      <Icon name="queue" size={32} />
      <h3>{t("queue.empty.title")}</h3>
      <p>{t("queue.empty.body")}</p>
      <p className="hint">{t("queue.empty.later")}</p>
    </div>
  );
}
