import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Icon } from "../../lib/icons";
import { useConfirm } from "../../lib/useConfirm";
import { useChat } from "./store";

/** `onNewChat`: after "New chat", so the screen can put the cursor in the composer. */
export function ConversationList({ onNewChat }: { onNewChat?: () => void }) {
  const { t } = useTranslation();
  const { conversations, activeId, open, create, rename, remove, streaming } = useChat();
  const [editing, setEditing] = useState<{ id: string; title: string } | null>(null);
  const [ask, confirmDialog] = useConfirm();

  return (
    <aside className="conversations">
      <button className="primary wide" onClick={() => void create().then(() => onNewChat?.())} data-testid="new-chat">
        + {t("chat.newChat")}
      </button>
      <h3 className="section-title">{t("chat.conversations")}</h3>
      {conversations.length === 0 && <p className="muted small">{t("chat.noConversations")}</p>}
      <ul data-testid="conversation-list">
        {conversations.map((c) =>
          editing?.id === c.id ? (
            <li key={c.id} className="conversation editing">
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void rename(c.id, editing.title).then(() => setEditing(null));
                }}
              >
                <input autoFocus value={editing.title} onChange={(e) => setEditing({ id: c.id, title: e.target.value })} aria-label={t("chat.rename")} />
                <div className="row">
                  <button type="submit">{t("chat.save")}</button>
                  <button type="button" className="link" onClick={() => setEditing(null)}>
                    {t("chat.cancel")}
                  </button>
                </div>
              </form>
            </li>
          ) : (
            <li key={c.id} className={`conversation ${c.id === activeId ? "active" : ""}`} data-testid="conversation-item">
              <button className="conversation-title" onClick={() => void open(c.id)} title={c.title}>
                {c.title}
                {streaming?.conversationId === c.id && <span className="dot" aria-hidden />}
              </button>
              <span className="conversation-actions">
                <button className="icon" title={t("chat.rename")} onClick={() => setEditing({ id: c.id, title: c.title })}>
                  <Icon name="edit" size={14} />
                </button>
                <button
                  className="icon"
                  title={t("chat.delete")}
                  disabled={streaming?.conversationId === c.id}
                  data-testid="conversation-delete"
                  onClick={() =>
                    void ask({ title: t("chat.deleteTitle"), message: t("chat.confirmDelete", { title: c.title }), confirmLabel: t("chat.delete") }).then((yes) => {
                      if (yes) void remove(c.id);
                    })
                  }
                >
                  <Icon name="trash" size={14} />
                </button>
              </span>
            </li>
          ),
        )}
      </ul>
      {confirmDialog}
    </aside>
  );
}
