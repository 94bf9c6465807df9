// Past runs of the open workflow, under the run shown: each with its status, time, cost and the version it ran;
// two can be picked and compared.
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { shortId } from "../../../data/workflowHistory";
import { ErrorBanner } from "../../../lib/ErrorBanner";
import { formatUsd } from "../../../lib/money";
import { useShownRun } from "../run/store";
import { useEditor } from "../store";
import { CompareRuns } from "./CompareRuns";
import { useRuns } from "./runsStore";
import { useHistory } from "./store";

export function RunHistory() {
  const { t, i18n } = useTranslation();
  const openId = useEditor((s) => s.openId);
  const shown = useShownRun();
  const runs = useRuns((s) => s.runs);
  const picked = useRuns((s) => s.picked);
  const error = useRuns((s) => s.error);
  const comparison = useRuns((s) => s.comparison);
  const versions = useHistory((s) => s.overview?.versions);
  const tagsOf = (id: string | null | undefined) => (id ? versions?.find((v) => v.id === id)?.tags ?? [] : []);
  const shownStatus = shown?.status;
  const shownRun = shown?.runId;

  // Loaded again when a run ends, so the one just finished is in the list.
  useEffect(() => {
    if (openId && shownStatus !== "running") void useRuns.getState().load(openId);
  }, [openId, shownRun, shownStatus]);

  if (!runs.length) return null;
  return (
    <section className="wf-run-history" data-testid="wf-run-history">
      <div className="row spread">
        <h5>{t("workflows.history.runs.title")}</h5>
        <button disabled={picked.length !== 2} onClick={() => void useRuns.getState().compare()} title={t("workflows.history.runs.compareHint")} data-testid="wf-run-compare">
          {t("workflows.history.runs.compare")}
        </button>
      </div>
      {error && <ErrorBanner error={error} />}
      <ul className="wf-run-rows">
        {runs.map((r) => (
          <li key={r.id} className="wf-run-row" data-testid="wf-run-row" data-run-id={r.id}>
            <label className="row small">
              <input type="checkbox" checked={picked.includes(r.id)} onChange={(e) => useRuns.getState().pick(r.id, e.target.checked)} data-testid="wf-run-compare-pick" />
              <span className={`wf-status ${r.status}`} aria-hidden />
              <span>{new Date(r.started_at_ms).toLocaleString(i18n.language)}</span>
              <span className="muted">{t(`workflows.runStatus.${r.status}`)}</span>
              <span className="muted">{formatUsd(r.cost_usd_micros)}</span>
              <span className="wf-vchip">{r.version_id ? shortId(r.version_id) : t("workflows.history.runs.uncommitted")}</span>
              {tagsOf(r.version_id).map((tag) => (
                <span key={tag} className="wf-vchip tag">
                  {tag}
                </span>
              ))}
            </label>
          </li>
        ))}
      </ul>
      {comparison && <CompareRuns comparison={comparison} onClose={useRuns.getState().closeComparison} />}
    </section>
  );
}
