// What each message of the open conversation offers — regenerate or retry, edit and send, other versions, delete —
// wired to the chat store; nothing while an answer streams (one turn at a time per conversation).
import { useCallback, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ChatTarget } from "../../bindings";
import { useConfirm } from "../../lib/useConfirm";
import type { Message } from "./messages";
import type { MessageActions } from "./MessageView";
import { usePaneChat } from "./paneStore";

type Options = {
  paneId: string;
  busy: boolean;
  /** The pane's current choice: where a turn goes when where it went before is unknown. */
  target: ChatTarget | null;
  /** Before a turn goes: the list follows its answer. */
  beforeSend: () => void;
};

export function useMessageActions({ paneId, busy, target, beforeSend }: Options): [(m: Message) => MessageActions, ReactNode] {
  const { t } = useTranslation();
  const { regenerate, editAndSend, switchBranch, deleteMessage, setFeedback } = usePaneChat();
  const [ask, dialog] = useConfirm();
  const actionsFor = useCallback(
    (m: Message): MessageActions => {
      if (busy) return {};
      const ended = m.status !== "streaming" && m.status !== "queued";
      const remove = async () => {
        const yes = await ask({ title: t("chat.deleteMessage.title"), message: t("chat.deleteMessage.confirm"), confirmLabel: t("chat.deleteMessage.action") });
        if (yes) await deleteMessage(m.id);
      };
      return {
        onRegenerate:
          m.role === "assistant" && ended
            ? () => {
                beforeSend();
                void regenerate(paneId, m.id, target);
              }
            : undefined,
        onEditSend:
          m.role === "user"
            ? (text) => {
                beforeSend();
                void editAndSend(paneId, m.id, text, target);
              }
            : undefined,
        onSwitch: (id) => void switchBranch(id),
        onDelete: ended ? () => void remove() : undefined,
        onFeedback: m.role === "assistant" && ended ? (f) => void setFeedback(m.id, f) : undefined,
      };
    },
    [busy, ask, t, deleteMessage, regenerate, editAndSend, switchBranch, setFeedback, paneId, target, beforeSend],
  );
  return [actionsFor, dialog];
}
