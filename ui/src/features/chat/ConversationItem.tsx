import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Conversation } from "../../bindings";
import { Icon } from "../../lib/icons";
import type { ConfirmAsk } from "../../lib/useConfirm";
import { shortDate } from "./dateGroups";
import { useChat } from "./store";

type Props = {
  conversation: Conversation;
  /** Every conversation the row stands for: the panes of a compare, else just this one. */
  members?: string[];
  now: Date;
  ask: (q: ConfirmAsk) => Promise<boolean>;
};

/**
 * One row of the conversation list: its title and when it was last used (a compare: how many panes); rename in
 * place; delete after asking (a compare: every pane's conversation).
 */
export function ConversationItem({ conversation: c, members = [c.id], now, ask }: Props) {
  const { t, i18n } = useTranslation();
  const { activeId, open, rename, remove, streaming } = useChat();
  const [editing, setEditing] = useState<string | null>(null);
  const answering = streaming?.conversationId === c.id;
  const panes = members.length;

  if (editing !== null) {
    return (
      <li className="conversation editing">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void rename(c.id, editing).then(() => setEditing(null));
          }}
        >
          <input autoFocus value={editing} onChange={(e) => setEditing(e.target.value)} aria-label={t("chat.rename")} />
          <div className="row">
            <button type="submit">{t("chat.save")}</button>
            <button type="button" className="link" onClick={() => setEditing(null)}>
              {t("chat.cancel")}
            </button>
          </div>
        </form>
      </li>
    );
  }
  const askDelete = async () => {
    const message = panes > 1 ? t("chat.compare.confirmDelete", { title: c.title, count: panes }) : t("chat.confirmDelete", { title: c.title });
    const yes = await ask({ title: t("chat.deleteTitle"), message, confirmLabel: t("chat.delete") });
    if (!yes) return;
    for (const id of members) await remove(id);
  };
  return (
    <li className={`conversation ${activeId && members.includes(activeId) ? "active" : ""}`} data-testid="conversation-item" data-panes={panes}>
      <button className="conversation-title" onClick={() => void open(c.id)} title={c.title}>
        <span className="conversation-name">{c.title}</span>
        {panes > 1 && (
          <span className="compare-badge" title={t("chat.compare.badgeHint", { count: panes })} aria-label={t("chat.compare.badge", { count: panes })} data-testid="compare-badge">
            <Icon name="compare" size={11} />
            {panes}
          </span>
        )}
        {answering && <span className="dot" aria-hidden />}
        <time className="conversation-date" dateTime={new Date(c.updated_at).toISOString()} data-testid="conversation-date">
          {shortDate(c.updated_at, now, i18n.language)}
        </time>
      </button>
      <span className="conversation-actions">
        <button className="icon" title={t("chat.rename")} onClick={() => setEditing(c.title)}>
          <Icon name="edit" size={14} />
        </button>
        <button className="icon" title={t("chat.delete")} disabled={answering} data-testid="conversation-delete" onClick={() => void askDelete()}>
          <Icon name="trash" size={14} />
        </button>
      </span>
    </li>
  );
}
