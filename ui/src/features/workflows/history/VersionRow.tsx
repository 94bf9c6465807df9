// One version in the History panel: short id, message, time, branch, tags, and what can be done with it.
import { useTranslation } from "react-i18next";
import { shortId, type WorkflowVersion } from "../../../data/workflowHistory";

type Props = {
  version: WorkflowVersion;
  isHead: boolean;
  picked: boolean;
  onPick: (picked: boolean) => void;
  onDiff: () => void;
  onRestore: () => void;
  onBranch: () => void;
  onTag: () => void;
};

export function VersionRow({ version, isHead, picked, onPick, onDiff, onRestore, onBranch, onTag }: Props) {
  const { t, i18n } = useTranslation();
  const when = new Date(version.created_at_ms).toLocaleString(i18n.language);
  return (
    <li className={`wf-version ${isHead ? "head" : ""}`} data-testid="wf-version" data-version-id={version.id}>
      <div className="wf-version-head">
        <input type="checkbox" checked={picked} onChange={(e) => onPick(e.target.checked)} aria-label={t("workflows.history.pick", { id: shortId(version.id) })} data-testid="wf-version-pick" />
        <code className="wf-version-id" title={version.id}>
          {shortId(version.id)}
        </code>
        <span className="wf-version-message">{version.message}</span>
      </div>
      <div className="wf-version-meta small muted">
        <span>{when}</span>
        <span className="wf-vchip">{version.branch}</span>
        {isHead && <span className="wf-vchip head">{t("workflows.history.head")}</span>}
        {version.parents.length > 1 && <span className="wf-vchip">{t("workflows.history.mergeVersion")}</span>}
        {version.tags.map((tag) => (
          <span key={tag} className="wf-vchip tag" data-testid="wf-version-tag-chip">
            {tag}
          </span>
        ))}
      </div>
      <div className="wf-version-actions">
        <button className="link" onClick={onDiff} data-testid="wf-version-diff">
          {t("workflows.history.compareDraft")}
        </button>
        <button className="link" onClick={onRestore} data-testid="wf-version-restore">
          {t("workflows.history.restore")}
        </button>
        <button className="link" onClick={onBranch} data-testid="wf-version-branch">
          {t("workflows.history.branchHere")}
        </button>
        <button className="link" onClick={onTag} data-testid="wf-version-tag">
          {t("workflows.history.tag")}
        </button>
      </div>
    </li>
  );
}
