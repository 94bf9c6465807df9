// The active branch in the toolbar (a dot when its draft has changes not in a version) and its menu: switch to
// another branch, start a new one, merge another into this one, delete one.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmDialog } from "../../../lib/Dialog";
import { useHistoryDialogs } from "./dialogs";
import { useHistory } from "./store";

export function BranchMenu({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const overview = useHistory((s) => s.overview);
  const open = useHistoryDialogs((s) => s.branchMenu);
  const setOpen = useHistoryDialogs((s) => s.setBranchMenu);
  const openDialog = useHistoryDialogs((s) => s.open);
  const [deleting, setDeleting] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const active = overview?.branch ?? "main";
  const others = overview?.branches.filter((b) => !b.active) ?? [];

  useEffect(() => {
    if (!open) return;
    box.current?.querySelector<HTMLElement>("[role=menuitem]")?.focus();
    const away = (e: MouseEvent) => !box.current?.contains(e.target as Node) && setOpen(false);
    document.addEventListener("mousedown", away);
    return () => document.removeEventListener("mousedown", away);
  }, [open, setOpen]);

  const switchTo = (name: string) => {
    setOpen(false);
    void useHistory.getState().switchBranch(name);
  };

  return (
    <div className="wf-menu" ref={box} onKeyDown={(e) => e.key === "Escape" && setOpen(false)}>
      <span className="wf-branch">
        <button aria-haspopup="menu" aria-expanded={open} disabled={disabled} onClick={() => setOpen(!open)} title={t("workflows.history.branch.switcherHint")} data-testid="wf-branch-switcher">
          {active}
        </button>
        {overview?.dirty && <span className="wf-dirty-dot" title={t("workflows.history.branch.dirty")} aria-label={t("workflows.history.branch.dirty")} data-testid="wf-branch-dirty" />}
      </span>
      {open && (
        <div className="wf-menu-list" role="menu" aria-label={t("workflows.history.branch.menu")}>
          <div className="wf-menu-item current" aria-current="true">
            {t("workflows.history.branch.current", { branch: active })}
          </div>
          {others.map((b) => (
            <div key={b.name} className="wf-menu-row">
              <button role="menuitem" className="wf-menu-item" onClick={() => switchTo(b.name)} data-testid={`wf-branch-option-${b.name}`}>
                {t("workflows.history.branch.switchTo", { branch: b.name })}
                {b.dirty && <span className="muted"> · {t("workflows.history.branch.hasDraft")}</span>}
              </button>
              <button role="menuitem" className="wf-menu-item" disabled={!b.head} onClick={() => openDialog({ kind: "merge", from: b.name })} data-testid={`wf-merge-from-${b.name}`}>
                {t("workflows.history.branch.mergeInto", { from: b.name, into: active })}
              </button>
              <button role="menuitem" className="link" onClick={() => setDeleting(b.name)} data-testid={`wf-branch-delete-${b.name}`}>
                {t("workflows.history.branch.delete")}
              </button>
            </div>
          ))}
          <button role="menuitem" className="wf-menu-item" onClick={() => openDialog({ kind: "newBranch", fromVersion: null })} data-testid="wf-branch-new">
            {t("workflows.history.branch.new")}
          </button>
        </div>
      )}
      {deleting && (
        <ConfirmDialog
          title={t("workflows.history.branch.deleteTitle")}
          message={t("workflows.history.branch.deleteMessage", { branch: deleting })}
          confirmLabel={t("workflows.history.branch.delete")}
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const name = deleting;
            setDeleting(null);
            void useHistory.getState().deleteBranch(name);
          }}
          testId="wf-branch-delete-dialog"
        />
      )}
    </div>
  );
}
