// What a node read and gave in the run shown (live or the last one), and "Run from here".
import { useTranslation } from "react-i18next";
import { ErrorBanner } from "../../../lib/ErrorBanner";
import { formatCount, formatDuration } from "../../../lib/cache";
import { formatUsd } from "../../../lib/money";
import { useCanvas } from "../canvasStore";
import { nodeElapsedMs, shownText } from "../run/reduce";
import { useNodeLive, useShownRun } from "../run/store";
import { useEditor } from "../store";

const json = (v: unknown) => (v === undefined ? "" : JSON.stringify(v, null, 2));

export function LastRun({ nodeId }: { nodeId: string }) {
  const { t } = useTranslation();
  const live = useNodeLive(nodeId, (l) => l);
  const running = useShownRun()?.status === "running";
  const openRunDialog = useCanvas((s) => s.openRunDialog);
  const canRun = useEditor((s) => s.save !== "conflict");
  const record = live?.record;
  const text = shownText(live);
  return (
    <section className="wf-last-run" data-testid="wf-last-run">
      <div className="row spread">
        <h4>{t("workflows.panel.lastRun")}</h4>
        <button onClick={() => openRunDialog(nodeId)} disabled={running || !canRun} title={t("workflows.run.fromHereHint")} data-testid="wf-run-from-here">
          {t("workflows.run.fromHere")}
        </button>
      </div>
      {!live ? (
        <p className="muted small">{t("workflows.panel.notRun")}</p>
      ) : (
        <>
          <p className="small">
            <span className={`wf-status-text ${live.status}`}>{t(`workflows.nodeStatus.${live.status}`)}</span>
            {" · "}
            {formatDuration(nodeElapsedMs(live, Date.now()), t)}
            {live.finished > 1 && ` · ${t("workflows.run.items", { count: live.finished })}`}
            {(live.inputTokens > 0 || live.outputTokens > 0) && ` · ${t("workflows.run.tokens", { input: formatCount(live.inputTokens), output: formatCount(live.outputTokens) })}`}
            {live.costUsdMicros > 0 && ` · ${formatUsd(live.costUsdMicros)}`}
            {record?.reused_from && ` · ${t("workflows.run.reused")}`}
          </p>
          {record?.error && <ErrorBanner error={record.error} />}
          {text && live.status === "running" && <pre className="wf-stream" data-testid="wf-node-stream">{text}</pre>}
          {record && (
            <>
              <h5>{t("workflows.panel.inputs")}</h5>
              <pre className="wf-json" data-testid="wf-node-inputs">{json(record.inputs)}</pre>
              <h5>{t("workflows.panel.outputsOfRun")}</h5>
              <pre className="wf-json" data-testid="wf-node-outputs">{json(record.outputs)}</pre>
            </>
          )}
        </>
      )}
    </section>
  );
}
