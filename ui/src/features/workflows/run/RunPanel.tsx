// The run shown: its status, time, tokens and cost, the End node's outputs, and per node its live status, time,
// tokens, cost and streamed text. A click on a node shows it on the canvas.
import { useTranslation } from "react-i18next";
import { ErrorBanner } from "../../../lib/ErrorBanner";
import { formatCount, formatDuration } from "../../../lib/cache";
import { formatUsd } from "../../../lib/money";
import { useNow } from "../../../lib/useNow";
import { useCanvas } from "../canvasStore";
import { RunHistory } from "../history/RunHistory";
import { useEditor } from "../store";
import { nodeElapsedMs, shownText, type RunState } from "./reduce";
import { useRun, useShownRun } from "./store";

export function runTotals(run: RunState): { inputTokens: number; outputTokens: number; costUsdMicros: number } {
  if (run.run && run.status !== "running") return { inputTokens: run.run.input_tokens, outputTokens: run.run.output_tokens, costUsdMicros: run.run.cost_usd_micros };
  let inputTokens = 0;
  let outputTokens = 0;
  let costUsdMicros = 0;
  for (const n of Object.values(run.nodes)) {
    inputTokens += n.inputTokens;
    outputTokens += n.outputTokens;
    costUsdMicros += n.costUsdMicros;
  }
  return { inputTokens, outputTokens, costUsdMicros };
}

export function RunPanel() {
  const { t } = useTranslation();
  const run = useShownRun();
  const doc = useEditor((s) => s.doc);
  const focusNodes = useCanvas((s) => s.focusNodes);
  const running = run?.status === "running";
  const now = useNow(running ? 250 : 60_000);
  if (!run)
    return (
      <>
        <p className="muted" data-testid="wf-no-run">{t("workflows.run.none")}</p>
        <RunHistory />
      </>
    );
  const totals = runTotals(run);
  const started = run.run?.started_at_ms ?? run.startedMs;
  const elapsed = (run.run?.ended_at_ms ?? (running ? now : started)) - started;
  const title = (id: string) => {
    const n = doc?.nodes.find((x) => x.id === id);
    return n ? n.title || n.id : id;
  };
  return (
    <div className="wf-run" data-testid="wf-run-panel">
      <div className="row spread">
        <span className={`badge wf-run-status ${run.status}`} data-testid="wf-run-status">
          {t(`workflows.runStatus.${run.status}`)}
        </span>
        {running && (
          <button className="danger" onClick={() => void useRun.getState().cancel(run.workflowId)} data-testid="wf-run-cancel">
            {t("workflows.run.cancel")}
          </button>
        )}
      </div>
      <p className="small" data-testid="wf-run-totals">
        {formatDuration(Math.max(0, elapsed), t)} · {t("workflows.run.tokens", { input: formatCount(totals.inputTokens), output: formatCount(totals.outputTokens) })} · {formatUsd(totals.costUsdMicros)}
        {run.fromNode && ` · ${t("workflows.run.fromNode", { node: title(run.fromNode) })}`}
      </p>
      {run.error && <ErrorBanner error={run.error} />}
      {run.run && run.status !== "running" && run.run.outputs !== null && run.run.outputs !== undefined && (
        <>
          <h5>{t("workflows.run.outputs")}</h5>
          <pre className="wf-json" data-testid="wf-run-outputs">{JSON.stringify(run.run.outputs, null, 2)}</pre>
        </>
      )}
      <ol className="wf-run-nodes">
        {run.order.map((id) => {
          const live = run.nodes[id];
          const text = shownText(live);
          return (
            <li key={id} className={`wf-run-node ${live.status}`} data-testid={`wf-run-node-${id}`}>
              <button className="wf-run-node-head" onClick={() => focusNodes([id])}>
                <span className={`wf-status ${live.status}`} aria-hidden />
                <strong>{title(id)}</strong>
                <span className="muted">{t(`workflows.nodeStatus.${live.status}`)}</span>
                <span className="muted">{formatDuration(nodeElapsedMs(live, now), t)}</span>
                {(live.inputTokens > 0 || live.outputTokens > 0) && <span className="muted">{t("workflows.run.tokens", { input: formatCount(live.inputTokens), output: formatCount(live.outputTokens) })}</span>}
                {live.costUsdMicros > 0 && <span className="muted">{formatUsd(live.costUsdMicros)}</span>}
              </button>
              {text && <pre className="wf-stream">{text}</pre>}
              {live.record?.error && <div className="field-error">{live.record.error.message}</div>}
            </li>
          );
        })}
      </ol>
      <RunHistory />
    </div>
  );
}
