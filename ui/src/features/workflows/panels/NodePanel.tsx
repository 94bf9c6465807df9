// The side panel for the selected node: its title, its kind's config panel with upstream variables to pick, its
// policy, its problems, and what it read and gave in the last run ("Run from here" reruns from it).
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { WorkflowDoc, WorkflowNode } from "../../../data/workflows";
import { useCanvas } from "../canvasStore";
import { copyNodes, writeClip } from "../graph/clipboard";
import { deleteNodes, editConfig, rename } from "../graph/commands";
import { innerVars, upstreamVars } from "../graph/vars";
import { kindDef, outputsOf } from "../nodes/registry";
import type { KindDef } from "../nodes/types";
import { useProblems } from "../problemsStore";
import { useEditor } from "../store";
import { VarsContext } from "./fields";
import { InnerVarsContext } from "./innerVars";
import { LastRun } from "./LastRun";
import { PolicyEditor } from "./PolicyEditor";
import { problemText } from "./problemText";

export function NodePanel() {
  const { t } = useTranslation();
  const selected = useCanvas((s) => s.selectedNodes);
  const doc = useEditor((s) => s.doc);
  const apply = useEditor((s) => s.apply);
  if (!doc) return null;
  if (selected.length === 0) return <p className="muted" data-testid="wf-no-selection">{t("workflows.panel.nothingSelected")}</p>;
  if (selected.length > 1) {
    return (
      <div className="wf-multi" data-testid="wf-multi-selection">
        <p>{t("workflows.panel.manySelected", { count: selected.length })}</p>
        <div className="row">
          <button onClick={() => { const clip = copyNodes(doc, selected); if (clip) void writeClip(clip); }}>{t("workflows.panel.copy")}</button>
          <button className="danger" onClick={() => apply(deleteNodes(doc, selected))}>
            {t("workflows.panel.delete")}
          </button>
        </div>
      </div>
    );
  }
  const node = doc.nodes.find((n) => n.id === selected[0]);
  return node ? <NodeEditor key={node.id} node={node} doc={doc} /> : null;
}

function NodeEditor({ node, doc }: { node: WorkflowNode; doc: WorkflowDoc }) {
  const { t } = useTranslation();
  const apply = useEditor((s) => s.apply);
  const readOnly = useEditor((s) => s.save === "conflict");
  const problems = useProblems((s) => s.byNode[node.id]);
  const vars = useMemo(() => upstreamVars(doc, node.id), [doc, node.id]);
  const inner = useMemo(() => (node.config.kind === "iteration" ? innerVars(doc, node.id) : []), [doc, node.id, node.config.kind]);
  const def = kindDef(node.config.kind) as KindDef;
  const latest = () => useEditor.getState().doc!;
  const outputs = outputsOf(node);
  return (
    <div className="wf-node-panel" data-testid="wf-node-panel">
      <fieldset disabled={readOnly} className="wf-plain">
        <label>
          {t("workflows.panel.title")}
          <input value={node.title} placeholder={t(`workflows.kind.${node.config.kind}`)} onChange={(e) => apply(rename(latest(), node.id, e.target.value))} data-testid="wf-node-title" />
        </label>
        <p className="hint">
          {t("workflows.panel.kindIs", { kind: t(`workflows.kind.${node.config.kind}`) })} · <code>{node.id}</code>
          {outputs.length > 0 && (
            <>
              {" · "}
              {t("workflows.panel.outputs")} {outputs.map((o) => <code key={o} className="wf-chip">{`{{${node.id}.${o}}}`}</code>)}
            </>
          )}
        </p>
        <VarsContext.Provider value={vars}>
          <InnerVarsContext.Provider value={inner}>
            <def.Panel node={node} config={node.config as never} onChange={(config, field) => apply(editConfig(latest(), node.id, { config }, field))} />
          </InnerVarsContext.Provider>
        </VarsContext.Provider>
        {def.canFail && <PolicyEditor policy={node.policy} onChange={(policy) => apply(editConfig(latest(), node.id, { policy }, "policy"))} />}
      </fieldset>
      {problems?.length ? (
        <ul className="wf-node-problems" data-testid="wf-node-problems">
          {problems.map((p, i) => (
            <li key={i} className="field-error">
              {problemText(t, p)}
            </li>
          ))}
        </ul>
      ) : null}
      <LastRun nodeId={node.id} />
    </div>
  );
}
