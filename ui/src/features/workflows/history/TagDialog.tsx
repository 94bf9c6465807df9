// A version's tags ("prod", "v1"): add one (a tag on another version moves here) or take one off.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { shortId } from "../../../data/workflowHistory";
import { Dialog } from "../../../lib/Dialog";
import { HistoryMessage } from "./HistoryMessage";
import { useHistory } from "./store";

export function TagDialog({ versionId, onClose }: { versionId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const versions = useHistory((s) => s.overview?.versions);
  const tags = versions?.find((v) => v.id === versionId)?.tags ?? [];
  const add = async () => {
    if (!name.trim()) return;
    if (await useHistory.getState().tag(versionId, name.trim())) setName("");
  };
  return (
    <Dialog title={t("workflows.history.tags.title", { id: shortId(versionId) })} onClose={onClose} testId="wf-tag-dialog">
      <p className="muted small">{t("workflows.history.tags.hint")}</p>
      {tags.length ? (
        <ul className="wf-tag-list">
          {tags.map((tag) => (
            <li key={tag} className="row spread">
              <span className="wf-vchip tag">{tag}</span>
              <button className="link" onClick={() => void useHistory.getState().untag(tag)} data-testid={`wf-tag-remove-${tag}`}>
                {t("workflows.history.tags.remove")}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">{t("workflows.history.tags.none")}</p>
      )}
      <div className="row">
        <input
          autoFocus
          value={name}
          placeholder={t("workflows.history.tags.placeholder")}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              void add();
            }
          }}
          data-testid="wf-tag-name"
        />
        <button className="primary" disabled={!name.trim()} onClick={() => void add()} data-testid="wf-tag-add">
          {t("workflows.history.tags.add")}
        </button>
      </div>
      <HistoryMessage />
      <div className="row end">
        <button onClick={onClose}>{t("dialog.close")}</button>
      </div>
    </Dialog>
  );
}
