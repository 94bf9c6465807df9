// A new branch, from the active branch's latest version or from a chosen one; it opens at once, and the draft it
// replaces stays with its own branch.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { shortId } from "../../../data/workflowHistory";
import { Dialog } from "../../../lib/Dialog";
import { HistoryMessage } from "./HistoryMessage";
import { useHistory } from "./store";

export function NewBranchDialog({ fromVersion, onClose }: { fromVersion: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const busy = useHistory((s) => s.busy);
  const active = useHistory((s) => s.overview?.branch ?? "main");
  const submit = async () => {
    if (!name.trim() || busy) return;
    if (await useHistory.getState().createBranch(name.trim(), fromVersion)) onClose();
  };
  return (
    <Dialog title={t("workflows.history.branch.newTitle")} onClose={onClose} testId="wf-branch-dialog">
      <p className="small">{fromVersion ? t("workflows.history.branch.fromVersion", { id: shortId(fromVersion) }) : t("workflows.history.branch.fromHead", { branch: active })}</p>
      <p className="muted small">{t("workflows.history.branch.draftStays", { branch: active })}</p>
      <label className="field">
        <span>{t("workflows.history.branch.name")}</span>
        <input
          autoFocus
          value={name}
          placeholder={t("workflows.history.branch.placeholder")}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              void submit();
            }
          }}
          data-testid="wf-branch-name"
        />
      </label>
      <HistoryMessage />
      <div className="row end">
        <button onClick={onClose}>{t("dialog.cancel")}</button>
        <button className="primary" disabled={!name.trim() || busy} onClick={() => void submit()} data-testid="wf-branch-create">
          {t("workflows.history.branch.create")}
        </button>
      </div>
    </Dialog>
  );
}
