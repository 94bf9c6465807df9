// What every node on the canvas shares: its handles (from ports.ts), title, kind, problem badge and run status.
// It subscribes to its own node's problem count and run status only, so a run's events or a validation re-render
// just the nodes they are about. While a diff is shown, `data-diff` says whether the node was added, changed or moved.
import { memo, type ReactNode } from "react";
import { Handle, Position } from "@xyflow/react";
import { useTranslation } from "react-i18next";
import { ELSE_PORT, ERROR_PORT, OUT_PORT, type WorkflowNode } from "../../../data/workflows";
import { hasInPort, sourcePorts } from "../graph/ports";
import { useNodeMark } from "../history/diffStore";
import { useProblems } from "../problemsStore";
import { useNodeLive } from "../run/store";

type Props = { node: WorkflowNode; selected: boolean; children?: ReactNode; className?: string };

export const NodeShell = memo(function NodeShell({ node, selected, children, className = "" }: Props) {
  const { t } = useTranslation();
  const kind = node.config.kind;
  const problems = useProblems((s) => s.byNode[node.id]?.length ?? 0);
  const status = useNodeLive(node.id, (l) => l?.status);
  const diff = useNodeMark(node.id);
  const ports = sourcePorts(node);
  const labelled = ports.length > 1 || (ports.length === 1 && ports[0] !== OUT_PORT);
  return (
    <div className={`wf-node kind-${kind} ${selected ? "selected" : ""} ${status ? `run-${status}` : ""} ${className}`} data-testid={`wf-node-${node.id}`} data-diff={diff}>
      {hasInPort(node) && <Handle type="target" position={Position.Left} id="in" className="wf-handle" />}
      <div className="wf-node-head">
        <span className="wf-node-kind">{t(`workflows.kind.${kind}`)}</span>
        <span className="wf-node-title">{node.title || node.id}</span>
        {problems > 0 && (
          <span className="wf-badge problem" title={t("workflows.problems.count", { count: problems })} data-testid={`wf-node-problems-${node.id}`}>
            {problems}
          </span>
        )}
        {status && <span className={`wf-status ${status}`} title={t(`workflows.nodeStatus.${status}`)} data-testid={`wf-node-status-${node.id}`} />}
      </div>
      {children && <div className="wf-node-body">{children}</div>}
      {labelled ? (
        <div className="wf-ports">
          {ports.map((p) => (
            <div key={p} className={`wf-port ${p === ERROR_PORT ? "error" : ""}`}>
              <span>{p === ELSE_PORT ? t("workflows.port.else") : p === ERROR_PORT ? t("workflows.port.error") : p === OUT_PORT ? t("workflows.port.out") : p}</span>
              <Handle type="source" position={Position.Right} id={p} className="wf-handle" />
            </div>
          ))}
        </div>
      ) : (
        ports.map((p) => <Handle key={p} type="source" position={Position.Right} id={p} className="wf-handle" />)
      )}
    </div>
  );
});
