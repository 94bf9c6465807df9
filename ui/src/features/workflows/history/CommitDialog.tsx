// Commit: the draft becomes a version with a message. Enter (or Ctrl+Enter) commits.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Dialog } from "../../../lib/Dialog";
import { HistoryMessage } from "./HistoryMessage";
import { useHistory } from "./store";

export function CommitDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [message, setMessage] = useState("");
  const busy = useHistory((s) => s.busy);
  const overview = useHistory((s) => s.overview);
  const submit = async () => {
    if (!message.trim() || busy) return;
    if (await useHistory.getState().commit(message.trim())) onClose();
  };
  return (
    <Dialog title={t("workflows.history.commit.title")} onClose={onClose} testId="wf-commit-dialog">
      <p className="small">{t("workflows.history.commit.hint", { branch: overview?.branch ?? "main" })}</p>
      {overview && !overview.dirty && <p className="muted small">{t("workflows.history.commit.clean")}</p>}
      <label className="field">
        <span>{t("workflows.history.commit.message")}</span>
        <input
          autoFocus
          value={message}
          placeholder={t("workflows.history.commit.placeholder")}
          onChange={(e) => setMessage(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              void submit();
            }
          }}
          data-testid="wf-commit-message"
        />
      </label>
      <HistoryMessage />
      <div className="row end">
        <button onClick={onClose}>{t("dialog.cancel")}</button>
        <button className="primary" disabled={!message.trim() || busy} onClick={() => void submit()} data-testid="wf-commit-submit">
          {t("workflows.history.commit.submit")}
        </button>
      </div>
    </Dialog>
  );
}
