// Above the canvas while a diff is shown: what is compared, what the colours mean (or, for two versions, that the
// canvas is the draft and the changes are in the list), and Close diff.
import { useTranslation } from "react-i18next";
import { shortId, type DocRef } from "../../../data/workflowHistory";
import { useDiff } from "./diffStore";

export function DiffBar() {
  const { t } = useTranslation();
  const shown = useDiff((s) => s.shown);
  if (!shown) return null;
  const name = (r: DocRef) => (r.kind === "draft" ? t("workflows.history.draft") : shortId(r.id));
  return (
    <div className="wf-diff-bar" role="status" data-testid="wf-diff-bar">
      <span>{t("workflows.history.diff.showing", { from: name(shown.from), to: name(shown.to) })}</span>
      {shown.to.kind === "draft" ? (
        <span className="wf-diff-legend small">
          <span className="wf-legend added">{t("workflows.history.diff.legendAdded")}</span>
          <span className="wf-legend changed">{t("workflows.history.diff.legendChanged")}</span>
          <span className="wf-legend moved">{t("workflows.history.diff.legendMoved")}</span>
          <span className="wf-legend removed">{t("workflows.history.diff.legendRemoved")}</span>
        </span>
      ) : (
        <span className="small muted" data-testid="wf-diff-list-only">
          {t("workflows.history.diff.listOnly")}
        </span>
      )}
      <button onClick={useDiff.getState().close} data-testid="wf-diff-close">
        {t("workflows.history.diff.close")}
      </button>
    </div>
  );
}
