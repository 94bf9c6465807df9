import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQueue, type QueueItem } from "../data/queue";
import { actionSlug, actionsFor, type QueueAction } from "../data/queueItem";
import { toAppError, type AppError } from "./api";
import { ErrorBanner } from "./ErrorBanner";
import { errorText } from "./errorText";
import { InlineTextEdit } from "./InlineTextEdit";

/** A waiting message's last error, in the UI's language when its code has a translation. */
export function QueueLastError({ item, testId }: { item: QueueItem; testId: string }) {
  const { t, i18n } = useTranslation();
  if (!item.last_error) return null;
  return (
    <div className="queue-error small" data-testid={testId}>
      {t("queue.lastError")}: {errorText(t, i18n.language, item.last_error)} <code>{item.last_error.code}</code>
    </div>
  );
}

type Props = {
  item: QueueItem;
  /** Prefix of the buttons' test ids (`<prefix>-send-now`, `<prefix>-edit`, …). */
  testIdPrefix: string;
  /** The Cancel button's look. */
  cancelClass: string;
  /** Runs after an action went through (the chat reloads its messages). */
  afterChange?: () => Promise<void>;
};

/** What the person can do to a waiting message — send now or resend, edit its question inline, cancel — and why an action was refused. */
export function QueueItemControls({ item, testIdPrefix, cancelClass, afterChange }: Props) {
  const { t } = useTranslation();
  const { sendNow, cancel, edit } = useQueue();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  const run = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
      await afterChange?.();
    } catch (e) {
      setError(toAppError(e));
      throw e;
    }
  };
  const onAction = (action: QueueAction) => {
    if (action === "edit") return setEditing(true);
    void run(action === "cancel" ? () => cancel(item.id) : () => sendNow(item.id)).catch(() => {});
  };
  const actions = actionsFor(item.state);

  return (
    <>
      {editing ? (
        <InlineTextEdit
          initial={item.text}
          label={t("queue.editLabel")}
          testId={`${testIdPrefix}-edit`}
          onDiscard={() => setEditing(false)}
          onSave={(text) => run(() => edit(item.id, text)).then(() => setEditing(false))}
        />
      ) : (
        actions.length > 0 && (
          <div className="row">
            {actions.map((action) => (
              <button
                key={action}
                className={action === "cancel" ? cancelClass : action === "edit" ? "" : "primary"}
                onClick={() => onAction(action)}
                data-testid={`${testIdPrefix}-${actionSlug(action)}`}
              >
                {t(`queue.action.${action}`)}
              </button>
            ))}
          </div>
        )
      )}
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
    </>
  );
}
