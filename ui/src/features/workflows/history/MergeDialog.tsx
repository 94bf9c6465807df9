// Merging another branch into the active one: from → into, whether it only moves forward, what it brings in, and
// a card per conflict; Merge waits until every conflict has a side.
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Dialog } from "../../../lib/Dialog";
import { ErrorBanner } from "../../../lib/ErrorBanner";
import { useEditor } from "../store";
import { ConflictCard } from "./ConflictCard";
import { DiffList } from "./DiffList";
import { remaining, useMerge } from "./mergeStore";

export function MergeDialog({ from, onClose }: { from: string; onClose: () => void }) {
  const { t } = useTranslation();
  const preview = useMerge((s) => s.preview);
  const chosen = useMerge((s) => s.chosen);
  const loading = useMerge((s) => s.loading);
  const error = useMerge((s) => s.error);
  const changedElsewhere = useMerge((s) => s.changedElsewhere);
  const doc = useEditor((s) => s.doc);
  const left = remaining(preview, chosen);

  useEffect(() => {
    void useMerge.getState().start(from);
    return () => useMerge.getState().reset();
  }, [from]);

  const titleOf = (id: string) => {
    const n = doc?.nodes.find((x) => x.id === id) ?? preview?.merged.nodes.find((x) => x.id === id);
    return n?.title || id;
  };
  const into = preview?.into_branch ?? "";
  const apply = async () => {
    const ok = await useMerge.getState().apply(t("workflows.history.merge.message", { from, into }), t("workflows.history.merge.keepMessage", { from }));
    if (ok) onClose();
  };

  return (
    <Dialog title={t("workflows.history.merge.title", { from, into })} onClose={onClose} testId="wf-merge-dialog" wide>
      <p className="small">{t("workflows.history.merge.explain", { from, into })}</p>
      {preview?.fast_forward && (
        <p className="notice small" data-testid="wf-merge-fast-forward">
          {t("workflows.history.merge.fastForward", { from, into })}
        </p>
      )}
      {changedElsewhere && (
        <div className="error-banner" role="alert">
          <div className="error-message">{t("workflows.history.merge.changedElsewhere")}</div>
        </div>
      )}
      {error && <ErrorBanner error={error} />}
      {!preview && loading && <p className="muted">{t("workflows.history.loading")}</p>}
      {preview && (
        <div className="wf-merge-body">
          {preview.conflicts.length > 0 && (
            <section>
              <h4>{t("workflows.history.merge.conflicts", { count: preview.conflicts.length })}</h4>
              <ul className="wf-merge-conflicts">
                {preview.conflicts.map((c) => (
                  <ConflictCard key={c.id} conflict={c} chosen={chosen[c.id] ?? c.chosen} titleOf={titleOf} theirs={from} onChoose={(side) => void useMerge.getState().choose(c.id, side)} />
                ))}
              </ul>
            </section>
          )}
          <section>
            <h4>{t("workflows.history.merge.changes")}</h4>
            <DiffList diff={preview.changes} titleOf={titleOf} testId="wf-merge-changes" />
          </section>
        </div>
      )}
      <div className="row spread">
        <span className={left ? "field-error" : "muted small"} data-testid="wf-merge-remaining">
          {left ? t("workflows.history.merge.remaining", { count: left }) : t("workflows.history.merge.ready")}
        </span>
        <span className="row">
          <button onClick={onClose}>{t("dialog.cancel")}</button>
          <button className="primary" disabled={!preview || left > 0 || loading} onClick={() => void apply()} data-testid="wf-merge-apply">
            {t("workflows.history.merge.apply")}
          </button>
        </span>
      </div>
    </Dialog>
  );
}
