// Above the canvas: save state, the history (branch, commit, export, import), undo/redo (named), auto-layout,
// zoom to fit, secrets, run.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CanvasApi } from "./canvas/Canvas";
import { autoLayout } from "./graph/commands";
import { layoutPositions } from "./graph/layout";
import { HistoryToolbar } from "./history/HistoryToolbar";
import { useCanvas } from "./canvasStore";
import { useShownRun, useRun } from "./run/store";
import { SecretsDialog } from "./SecretsDialog";
import { useEditor } from "./store";

export function Toolbar({ canvas }: { canvas: () => CanvasApi | null }) {
  const { t } = useTranslation();
  const name = useEditor((s) => s.name);
  const save = useEditor((s) => s.save);
  const undoName = useEditor((s) => s.history.past[s.history.past.length - 1]?.name);
  const redoName = useEditor((s) => s.history.future[s.history.future.length - 1]?.name);
  const { undo, redo, apply } = useEditor.getState();
  const run = useShownRun();
  const openRunDialog = useCanvas((s) => s.openRunDialog);
  const [laying, setLaying] = useState(false);
  const [secrets, setSecrets] = useState(false);
  const readOnly = save === "conflict";
  const running = run?.status === "running";

  const layout = async () => {
    const api = canvas();
    const doc = useEditor.getState().doc;
    if (!api || !doc) return;
    setLaying(true);
    try {
      const positions = await layoutPositions(doc, api.sizeOf);
      const latest = useEditor.getState().doc;
      if (latest && apply(autoLayout(latest, positions))) requestAnimationFrame(() => api.fit());
    } finally {
      setLaying(false);
    }
  };

  return (
    <div className="wf-toolbar" data-testid="wf-toolbar">
      <strong className="wf-name" title={name}>
        {name}
      </strong>
      <span className={`wf-save ${save}`} data-testid="wf-save-state">
        {t(`workflows.save.${save}`)}
      </span>
      <HistoryToolbar readOnly={readOnly} />
      <span className="wf-toolbar-gap" />
      <button onClick={undo} disabled={!undoName || readOnly} title={undoName ? t("workflows.toolbar.undoNamed", { command: t(`workflows.command.${undoName}`) }) : t("workflows.toolbar.undo")} data-testid="wf-undo">
        {t("workflows.toolbar.undo")}
      </button>
      <button onClick={redo} disabled={!redoName || readOnly} title={redoName ? t("workflows.toolbar.redoNamed", { command: t(`workflows.command.${redoName}`) }) : t("workflows.toolbar.redo")} data-testid="wf-redo">
        {t("workflows.toolbar.redo")}
      </button>
      <button onClick={() => void layout()} disabled={laying || readOnly} data-testid="wf-layout">
        {t("workflows.toolbar.layout")}
      </button>
      <button onClick={() => canvas()?.fit()} data-testid="wf-fit">
        {t("workflows.toolbar.fit")}
      </button>
      <button onClick={() => setSecrets(true)} data-testid="wf-secrets-open">
        {t("workflows.toolbar.secrets")}
      </button>
      {running ? (
        <button className="danger" onClick={() => run && void useRun.getState().cancel(run.workflowId)} data-testid="wf-cancel">
          {t("workflows.run.cancel")}
        </button>
      ) : (
        <button className="primary" onClick={() => openRunDialog(null)} disabled={readOnly} data-testid="wf-run">
          {t("workflows.toolbar.run")}
        </button>
      )}
      {secrets && <SecretsDialog onClose={() => setSecrets(false)} />}
    </div>
  );
}
