// Every problem of the draft, the core's and the editor's own; a click shows the node it is on.
import { useTranslation } from "react-i18next";
import { useCanvas } from "../canvasStore";
import { useProblems } from "../problemsStore";
import { useEditor } from "../store";
import { problemText } from "./problemText";

export function ProblemsList() {
  const { t } = useTranslation();
  const problems = useProblems((s) => s.all);
  const doc = useEditor((s) => s.doc);
  const focusNodes = useCanvas((s) => s.focusNodes);
  const edgeNodes = (edgeId: string) => {
    const e = doc?.edges.find((x) => x.id === edgeId);
    return e ? [e.source, e.target] : [];
  };
  if (!problems.length) return <p className="muted" data-testid="wf-no-problems">{t("workflows.problems.none")}</p>;
  return (
    <ul className="wf-problems" data-testid="wf-problems">
      {problems.map((p, i) => {
        const node = p.node_id ? doc?.nodes.find((n) => n.id === p.node_id) : undefined;
        const target = p.node_id ? [p.node_id] : p.edge_id ? edgeNodes(p.edge_id) : [];
        return (
          <li key={i}>
            <button className="wf-problem" disabled={!target.length} onClick={() => focusNodes(target)} data-testid="wf-problem">
              <span className="wf-problem-where">{node ? node.title || node.id : p.edge_id ? t("workflows.problems.edge") : t("workflows.problems.workflow")}</span>
              <span>{problemText(t, p)}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
