// The workflows: create, open, rename in place, duplicate, delete (after an in-app confirmation).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmDialog } from "../../lib/Dialog";
import { Icon } from "../../lib/icons";
import { useEditor } from "./store";

export function WorkflowList() {
  const { t } = useTranslation();
  const list = useEditor((s) => s.list);
  const listLoaded = useEditor((s) => s.listLoaded);
  const openId = useEditor((s) => s.openId);
  const { open, create, rename, duplicate, remove } = useEditor.getState();
  const [editing, setEditing] = useState<{ id: string; name: string } | null>(null);
  const [deleting, setDeleting] = useState<{ id: string; name: string } | null>(null);

  return (
    <aside className="wf-list-pane" data-testid="wf-list">
      <button className="primary wide" onClick={() => void create(t("workflows.list.untitled"))} data-testid="wf-new">
        + {t("workflows.list.new")}
      </button>
      <h3 className="section-title">{t("workflows.list.title")}</h3>
      {listLoaded && list.length === 0 && <p className="muted small">{t("workflows.list.empty")}</p>}
      <ul>
        {list.map((w) =>
          editing?.id === w.id ? (
            <li key={w.id} className="conversation editing">
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  const name = editing.name.trim();
                  if (name) void rename(w.id, name).then(() => setEditing(null), () => {});
                }}
              >
                <input autoFocus value={editing.name} onChange={(e) => setEditing({ id: w.id, name: e.target.value })} aria-label={t("workflows.list.rename")} data-testid="wf-rename-input" />
                <div className="row">
                  <button type="submit" disabled={!editing.name.trim()} data-testid="wf-rename-save">
                    {t("workflows.list.save")}
                  </button>
                  <button type="button" className="link" onClick={() => setEditing(null)}>
                    {t("dialog.cancel")}
                  </button>
                </div>
              </form>
            </li>
          ) : (
            <li key={w.id} className={`conversation ${w.id === openId ? "active" : ""}`} data-testid="wf-item">
              <button className="conversation-title" onClick={() => void open(w.id)} title={w.name}>
                {w.name}
                <span className="wf-list-meta">
                  {t("workflows.list.nodes", { count: w.node_count })}
                  {w.last_run && <span className={`wf-status-text ${w.last_run}`}> · {t(`workflows.runStatus.${w.last_run}`)}</span>}
                </span>
              </button>
              <span className="conversation-actions">
                <button className="icon" title={t("workflows.list.rename")} aria-label={t("workflows.list.rename")} onClick={() => setEditing({ id: w.id, name: w.name })} data-testid="wf-rename">
                  <Icon name="edit" size={14} />
                </button>
                <button className="icon" title={t("workflows.list.duplicate")} aria-label={t("workflows.list.duplicate")} onClick={() => void duplicate(w.id, t("workflows.list.copySuffix"))} data-testid="wf-duplicate">
                  <Icon name="copy" size={14} />
                </button>
                <button className="icon" title={t("workflows.list.delete")} aria-label={t("workflows.list.delete")} onClick={() => setDeleting({ id: w.id, name: w.name })} data-testid="wf-delete">
                  <Icon name="trash" size={14} />
                </button>
              </span>
            </li>
          ),
        )}
      </ul>
      {deleting && (
        <ConfirmDialog
          title={t("workflows.list.deleteTitle")}
          message={t("workflows.list.confirmDelete", { name: deleting.name })}
          confirmLabel={t("workflows.list.delete")}
          testId="wf-confirm-delete"
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const id = deleting.id;
            setDeleting(null);
            void remove(id);
          }}
        />
      )}
    </aside>
  );
}
