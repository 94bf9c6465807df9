import { useEffect, type RefObject } from "react";
import { useTranslation } from "react-i18next";
import type { Message } from "./messages";
import { MessageView, type MessageActions } from "./MessageView";
import type { useFollowBottom } from "./useFollowBottom";

type Props = {
  messages: Message[];
  activeId: string | null;
  /** An answer another screen linked to: scrolled to instead of the end. */
  focusedMessage: string | null;
  listRef: RefObject<HTMLDivElement | null>;
  follow: ReturnType<typeof useFollowBottom>;
  /** What each message offers; absent while an answer streams. */
  actionsFor?: (message: Message) => MessageActions;
};

/** The open conversation's messages, following the end while the person is there, with "jump to latest" when not. */
export function MessageList({ messages, activeId, focusedMessage, listRef, follow, actionsFor }: Props) {
  const { t } = useTranslation();
  const { toBottom, keep } = follow;
  // Another conversation opens at its end, following its answers.
  useEffect(() => toBottom(), [activeId, toBottom]);
  useEffect(() => {
    const target = focusedMessage && [...document.querySelectorAll<HTMLElement>("[data-message-id]")].find((el) => el.dataset.messageId === focusedMessage);
    if (target) target.scrollIntoView({ block: "center" });
    else keep();
  }, [messages, focusedMessage, keep]);

  return (
    <div className="messages-frame">
      <div className="messages" data-testid="messages" ref={listRef} onScroll={follow.onScroll}>
        {activeId && messages.length === 0 && <p className="muted center">{t("chat.emptyConversation")}</p>}
        {messages.map((m) => (
          <MessageView key={m.id} message={m} focused={m.id === focusedMessage} {...actionsFor?.(m)} />
        ))}
      </div>
      {!follow.atBottom && (
        <button className="jump-latest" onClick={toBottom} data-testid="jump-to-latest">
          ↓ {t("chat.jumpToLatest")}
        </button>
      )}
    </div>
  );
}
