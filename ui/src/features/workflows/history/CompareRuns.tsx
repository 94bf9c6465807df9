// Two runs side by side, node by node: inputs, outputs, time, tokens and cost of each, the outputs' line diff, and
// the version each ran (which can be opened again). Nodes that read and gave the same are folded away.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { shortId, type NodeComparison, type RunComparison } from "../../../data/workflowHistory";
import type { NodeRun, WorkflowRun } from "../../../data/workflows";
import { Dialog } from "../../../lib/Dialog";
import { formatCount, formatDuration } from "../../../lib/cache";
import { formatUsd } from "../../../lib/money";
import { useEditor } from "../store";
import { DiffList } from "./DiffList";
import { HistoryMessage } from "./HistoryMessage";
import { LineDiff } from "./LineDiff";
import { useHistory } from "./store";

const json = (v: unknown) => (v === undefined || v === null ? "" : JSON.stringify(v, null, 2));

function RunRecord({ record }: { record: NodeRun | null }) {
  const { t } = useTranslation();
  if (!record) return <td className="muted small">{t("workflows.history.runs.notRun")}</td>;
  const ms = record.ended_at_ms !== null ? record.ended_at_ms - record.started_at_ms : null;
  return (
    <td>
      <p className="small muted">
        {t(`workflows.nodeStatus.${record.status}`)}
        {ms !== null && ` · ${formatDuration(Math.max(0, ms), t)}`}
        {` · ${t("workflows.run.tokens", { input: formatCount(record.input_tokens), output: formatCount(record.output_tokens) })}`}
        {` · ${formatUsd(record.cost_usd_micros)}`}
      </p>
      <h6>{t("workflows.panel.inputs")}</h6>
      <pre className="wf-json">{json(record.inputs)}</pre>
      <h6>{t("workflows.panel.outputsOfRun")}</h6>
      <pre className="wf-json">{json(record.outputs)}</pre>
    </td>
  );
}

function NodeRow({ node }: { node: NodeComparison }) {
  const { t } = useTranslation();
  const same = node.same_inputs && node.same_outputs;
  return (
    <>
      <tr className={same ? "same" : "differs"} data-testid="wf-compare-node" data-node-id={node.node_id}>
        <th scope="row">
          <strong>{node.title || node.node_id}</strong>
          <div className="muted small">
            {t(`workflows.kind.${node.kind}`, { defaultValue: node.kind })}
            {node.scope && ` · ${node.scope}`}
          </div>
          <div className="small">{same ? t("workflows.history.runs.same") : [!node.same_inputs && t("workflows.history.runs.inputsDiffer"), !node.same_outputs && t("workflows.history.runs.outputsDiffer")].filter(Boolean).join(" · ")}</div>
        </th>
        <RunRecord record={node.a} />
        <RunRecord record={node.b} />
      </tr>
      {!node.same_outputs && node.output_lines.length > 0 && (
        <tr className="wf-compare-lines">
          <td colSpan={3}>
            <LineDiff lines={node.output_lines} testId="wf-compare-output-diff" />
          </td>
        </tr>
      )}
    </>
  );
}

/** The head of one run's column; "open version" makes the version it ran the draft, and closes the comparison. */
function RunHead({ run, label, testId, onOpened }: { run: WorkflowRun; label: string; testId: string; onOpened: () => void }) {
  const { t, i18n } = useTranslation();
  const versions = useHistory((s) => s.overview?.versions);
  const tags = (run.version_id && versions?.find((v) => v.id === run.version_id)?.tags) || [];
  const open = async () => {
    const keep = t("workflows.history.keepRun", { when: new Date(run.started_at_ms).toLocaleString(i18n.language) });
    if (await useHistory.getState().restoreRun(run.id, keep)) onOpened();
  };
  return (
    <th scope="col">
      <div>{label}</div>
      <div className="small muted">
        {new Date(run.started_at_ms).toLocaleString(i18n.language)} · {t(`workflows.runStatus.${run.status}`)} · {formatUsd(run.cost_usd_micros)}
      </div>
      <div className="small">
        {run.version_id ? t("workflows.history.runs.ranVersion", { id: shortId(run.version_id) }) : t("workflows.history.runs.ranDraft")}
        {tags.map((tag) => (
          <span key={tag} className="wf-vchip tag">
            {tag}
          </span>
        ))}
      </div>
      <button className="link" onClick={() => void open()} disabled={!run.doc_hash} title={t("workflows.history.runs.openVersionHint")} data-testid={testId} data-run-id={run.id}>
        {t("workflows.history.runs.openVersion")}
      </button>
    </th>
  );
}

export function CompareRuns({ comparison, onClose }: { comparison: RunComparison; onClose: () => void }) {
  const { t } = useTranslation();
  const [showSame, setShowSame] = useState(false);
  const doc = useEditor((s) => s.doc);
  const differing = comparison.nodes.filter((n) => !(n.same_inputs && n.same_outputs));
  const same = comparison.nodes.length - differing.length;
  const titleOf = (id: string) => doc?.nodes.find((n) => n.id === id)?.title || comparison.nodes.find((n) => n.node_id === id)?.title || id;
  return (
    <Dialog title={t("workflows.history.runs.compareTitle")} onClose={onClose} testId="wf-run-compare-view" wide>
      <HistoryMessage />
      <div className="wf-compare-scroll">
        <table className="wf-compare">
          <thead>
            <tr>
              <th scope="col">{t("workflows.history.runs.node")}</th>
              <RunHead run={comparison.a} label={t("workflows.history.runs.a")} testId="wf-run-open-version" onOpened={onClose} />
              <RunHead run={comparison.b} label={t("workflows.history.runs.b")} testId="wf-run-open-version-b" onOpened={onClose} />
            </tr>
          </thead>
          <tbody>
            {(showSame ? comparison.nodes : differing).map((n) => (
              <NodeRow key={`${n.node_id}/${n.scope}`} node={n} />
            ))}
          </tbody>
        </table>
      </div>
      {same > 0 && (
        <button className="link" onClick={() => setShowSame(!showSame)} data-testid="wf-compare-toggle-same">
          {showSame ? t("workflows.history.runs.hideSame", { count: same }) : t("workflows.history.runs.showSame", { count: same })}
        </button>
      )}
      <details className="wf-compare-doc">
        <summary>{t("workflows.history.runs.docChanges")}</summary>
        <DiffList diff={comparison.doc_changes} titleOf={titleOf} testId="wf-compare-doc-diff" />
      </details>
      <div className="row end">
        <button onClick={onClose}>{t("dialog.close")}</button>
      </div>
    </Dialog>
  );
}
