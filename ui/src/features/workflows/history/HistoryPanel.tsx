// The History side tab: the diff being looked at, then every version newest first with its actions; two versions
// picked can be compared with each other.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { DRAFT, versionRef } from "../../../data/workflowHistory";
import { ErrorBanner } from "../../../lib/ErrorBanner";
import { useEditor } from "../store";
import { useHistoryDialogs } from "./dialogs";
import { useDiff } from "./diffStore";
import { DiffList } from "./DiffList";
import { useHistory } from "./store";
import { VersionRow } from "./VersionRow";

export function HistoryPanel() {
  const { t } = useTranslation();
  const overview = useHistory((s) => s.overview);
  const shown = useDiff((s) => s.shown);
  const diffError = useDiff((s) => s.error);
  const doc = useEditor((s) => s.doc);
  const open = useHistoryDialogs((s) => s.open);
  const [picked, setPicked] = useState<string[]>([]);
  const titleOf = (id: string) => doc?.nodes.find((n) => n.id === id)?.title || id;

  const pick = (id: string, on: boolean) => setPicked((p) => (on ? [...p.filter((x) => x !== id), id].slice(-2) : p.filter((x) => x !== id)));
  const comparePicked = () => {
    if (!overview || picked.length !== 2) return;
    // Older first, so "added" means added since the older one.
    const [older, newer] = [...picked].sort((a, b) => overview.versions.findIndex((v) => v.id === b) - overview.versions.findIndex((v) => v.id === a));
    void useDiff.getState().show(versionRef(older), versionRef(newer));
  };

  return (
    <div className="wf-history" data-testid="wf-history-panel">
      {diffError && <ErrorBanner error={diffError} />}
      {shown && (
        <section className="wf-history-diff">
          <h4>{t("workflows.history.diff.title")}</h4>
          {shown.diff.nodes_removed.length > 0 && <p className="muted small">{t("workflows.history.diff.removedNote")}</p>}
          <DiffList diff={shown.diff} titleOf={titleOf} />
        </section>
      )}
      {!overview ? (
        <p className="muted">{t("workflows.history.loading")}</p>
      ) : overview.versions.length === 0 ? (
        <p className="muted" data-testid="wf-history-empty">
          {t("workflows.history.empty")}
        </p>
      ) : (
        <>
          <div className="row spread small">
            <span className="muted">{t("workflows.history.pickHint")}</span>
            <button disabled={picked.length !== 2} onClick={comparePicked} data-testid="wf-versions-compare">
              {t("workflows.history.comparePicked")}
            </button>
          </div>
          <ol className="wf-versions">
            {overview.versions.map((v) => (
              <VersionRow
                key={v.id}
                version={v}
                isHead={v.id === overview.head}
                picked={picked.includes(v.id)}
                onPick={(on) => pick(v.id, on)}
                onDiff={() => void useDiff.getState().show(versionRef(v.id), DRAFT)}
                onRestore={() => open({ kind: "restore", versionId: v.id })}
                onBranch={() => open({ kind: "newBranch", fromVersion: v.id })}
                onTag={() => open({ kind: "tag", versionId: v.id })}
              />
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
