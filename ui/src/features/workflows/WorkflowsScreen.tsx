// The Workflows screen: the list, and the open workflow's editor (palette, canvas, side panel). Loaded lazily with
// the canvas library the first time the screen opens.
import { useCallback, useEffect, useRef } from "react";
import { ReactFlowProvider } from "@xyflow/react";
import { useTranslation } from "react-i18next";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { Canvas, type CanvasApi } from "./canvas/Canvas";
import { Palette } from "./canvas/Palette";
import { SIDE_TABS, useCanvas, type SideTab } from "./canvasStore";
import { DiffBar } from "./history/DiffBar";
import { HistoryMessage } from "./history/HistoryMessage";
import { HistoryPanel } from "./history/HistoryPanel";
import { NodePanel } from "./panels/NodePanel";
import { ProblemsList } from "./panels/ProblemsList";
import { useProblems } from "./problemsStore";
import { InputsDialog } from "./run/InputsDialog";
import { RunPanel } from "./run/RunPanel";
import { useRun, useShownRun } from "./run/store";
import { useEditor } from "./store";
import { Toolbar } from "./Toolbar";
import { WorkflowList } from "./WorkflowList";
import "./workflows.css";
import "./history/history.css";

export default function WorkflowsScreen() {
  const { t } = useTranslation();
  const openId = useEditor((s) => s.openId);
  const hasDoc = useEditor((s) => s.doc !== null);
  const error = useEditor((s) => s.error);

  useEffect(() => {
    const { loadList, open } = useEditor.getState();
    void loadList().then(() => {
      const s = useEditor.getState();
      if (!s.openId && s.list.length) void open(s.list[0].id);
    });
    // Leaving the screen, or the window going away, saves what is waiting now rather than in 400 ms.
    const hide = () => void useEditor.getState().flush();
    const onVisibility = () => document.visibilityState === "hidden" && hide();
    window.addEventListener("pagehide", hide);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      window.removeEventListener("pagehide", hide);
      document.removeEventListener("visibilitychange", onVisibility);
      hide();
    };
  }, []);

  return (
    <div className="wf-screen" data-testid="workflows-screen">
      <WorkflowList />
      <div className="wf-main">
        {error && <ErrorBanner error={error} onDismiss={useEditor.getState().dismissError} />}
        {hasDoc && openId ? (
          <ReactFlowProvider key={openId}>
            <Editor />
          </ReactFlowProvider>
        ) : (
          <div className="wf-empty">
            <p className="muted">{t("workflows.emptyState")}</p>
          </div>
        )}
      </div>
    </div>
  );
}

function Editor() {
  const { t } = useTranslation();
  const doc = useEditor((s) => s.doc)!;
  const save = useEditor((s) => s.save);
  const saveError = useEditor((s) => s.saveError);
  const name = useEditor((s) => s.name);
  const openId = useEditor((s) => s.openId)!;
  const runDialog = useCanvas((s) => s.runDialog);
  const shown = useShownRun();
  const api = useRef<CanvasApi | null>(null);
  const onReady = useCallback((a: CanvasApi) => {
    api.current = a;
  }, []);
  const getApi = useCallback(() => api.current, []);
  const readOnly = save === "conflict";
  const hasStart = doc.nodes.some((n) => n.config.kind === "start");

  const startRun = async (inputs: Record<string, unknown>) => {
    const fromNode = runDialog?.fromNode ?? null;
    const canvas = useCanvas.getState();
    canvas.closeRunDialog();
    canvas.setTab("run");
    const editor = useEditor.getState();
    await editor.flush();
    if (useEditor.getState().save !== "saved") return; // the run would not run what is on the screen
    await useRun.getState().start({ workflow_id: openId, inputs, from_node: fromNode, base_run_id: fromNode ? shown?.run?.id ?? null : null });
    void useEditor.getState().loadList(); // the list shows each workflow's last run
  };

  return (
    <div className="wf-editor">
      <Toolbar canvas={getApi} />
      <HistoryMessage page />
      <DiffBar />
      {save === "conflict" && (
        <div className="wf-conflict" role="alert" data-testid="wf-conflict">
          <span>{t("workflows.conflict.message")}</span>
          <span className="row">
            <button onClick={() => void useEditor.getState().saveAsCopy(t("workflows.conflict.copyName", { name }))} data-testid="wf-conflict-copy">
              {t("workflows.conflict.keepMine")}
            </button>
            <button className="primary" onClick={() => void useEditor.getState().reload()} data-testid="wf-conflict-reload">
              {t("workflows.conflict.reload")}
            </button>
          </span>
        </div>
      )}
      {save === "error" && saveError && (
        <div className="wf-save-error">
          <ErrorBanner error={saveError} />
          <button onClick={() => void useEditor.getState().flush()}>{t("workflows.save.retry")}</button>
        </div>
      )}
      <div className="wf-body">
        <Palette onAdd={(kind) => api.current?.addAt(kind)} disabled={readOnly} hasStart={hasStart} />
        <Canvas doc={doc} readOnly={readOnly} onReady={onReady} />
        <SidePanel />
      </div>
      {runDialog && <InputsDialog doc={doc} fromNode={runDialog.fromNode} previous={shown?.run?.inputs} onRun={(inputs) => void startRun(inputs)} onClose={useCanvas.getState().closeRunDialog} />}
    </div>
  );
}

/** Tabs whose test id an end-to-end test names differently from `wf-tab-<tab>`. */
const TAB_TEST_IDS: Partial<Record<SideTab, string>> = { history: "wf-history-tab" };

function SidePanel() {
  const { t } = useTranslation();
  const tab = useCanvas((s) => s.tab);
  const setTab = useCanvas((s) => s.setTab);
  const problems = useProblems((s) => s.all.length);
  const runStatus = useShownRun()?.status;
  return (
    <aside className="wf-side" data-testid="wf-side">
      <div className="wf-tabs" role="tablist">
        {SIDE_TABS.map((x) => (
          <button key={x} role="tab" aria-selected={tab === x} className={tab === x ? "active" : ""} onClick={() => setTab(x)} data-testid={TAB_TEST_IDS[x] ?? `wf-tab-${x}`}>
            {t(`workflows.tab.${x}`)}
            {x === "problems" && problems > 0 && <span className="wf-badge problem">{problems}</span>}
            {x === "run" && runStatus && <span className={`wf-status ${runStatus}`} aria-hidden />}
          </button>
        ))}
      </div>
      <div className="wf-side-body">
        {tab === "node" && <NodePanel />}
        {tab === "run" && <RunPanel />}
        {tab === "problems" && <ProblemsList />}
        {tab === "history" && <HistoryPanel />}
      </div>
    </aside>
  );
}
