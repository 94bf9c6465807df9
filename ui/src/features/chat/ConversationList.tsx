import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { shortcutLabel } from "../../lib/platform";
import { useConfirm } from "../../lib/useConfirm";
import { useOverlays } from "../../data/overlays";
import { useNow } from "../../lib/useNow";
import { sidebarItems } from "./compareGroups";
import { ConversationItem } from "./ConversationItem";
import { groupByDate } from "./dateGroups";
import { ImportConversation } from "./ImportConversation";
import { useChat } from "./store";

/** `onNewChat`: after "New chat", so the screen can put the cursor in the composer. */
export function ConversationList({ onNewChat }: { onNewChat?: () => void }) {
  const { t } = useTranslation();
  const { conversations, create } = useChat();
  const [ask, confirmDialog] = useConfirm();
  const showOverlay = useOverlays((s) => s.show);
  // The groups move on at midnight without a reload.
  const now = new Date(useNow(60_000));

  return (
    <aside className="conversations">
      <button className="primary wide" onClick={() => void create().then(() => onNewChat?.())} data-testid="new-chat">
        + {t("chat.newChat")}
      </button>
      <div className="conversations-tools">
        <button className="link small" onClick={() => showOverlay("search")} title={t("chat.searchHint", { keys: shortcutLabel("K") })} data-testid="open-search">
          {t("chat.search")}
        </button>
        <ImportConversation />
      </div>
      <h3 className="section-title">{t("chat.conversations")}</h3>
      {conversations.length === 0 && <p className="muted small">{t("chat.noConversations")}</p>}
      <ul data-testid="conversation-list">
        {groupByDate(sidebarItems(conversations).map((item) => ({ ...item, updated_at: item.conversation.updated_at })), now).map(({ group, items }) => (
          <Fragment key={group}>
            <li className="conversation-group" data-testid="conversation-group" data-group={group}>
              {t(`chat.group.${group}`)}
            </li>
            {items.map(({ conversation, members }) => (
              <ConversationItem key={conversation.id} conversation={conversation} members={members} now={now} ask={ask} />
            ))}
          </Fragment>
        ))}
      </ul>
      {confirmDialog}
    </aside>
  );
}
