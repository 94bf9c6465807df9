// What changed between two documents, in words: nodes added, removed, moved or edited (each edited field from its
// old value to its new one, texts line by line), and connections added or removed.
import { useTranslation } from "react-i18next";
import type { DocDiff, FieldChange, NodeRef } from "../../../data/workflowHistory";
import type { WorkflowEdge } from "../../../data/workflows";
import { isEmptyDiff } from "./highlight";
import { LineDiff } from "./LineDiff";
import { valueText } from "./lines";

function NodeName({ node }: { node: NodeRef }) {
  const { t } = useTranslation();
  const kind = t(`workflows.kind.${node.kind}`, { defaultValue: node.kind });
  return (
    <>
      <strong>{node.title || node.id}</strong> <span className="muted">{kind}</span>
    </>
  );
}

function Field({ change }: { change: FieldChange }) {
  const { t } = useTranslation();
  const none = t("workflows.history.diff.none");
  return (
    <li className="wf-diff-field">
      <code>{change.path}</code>
      {change.lines.length ? (
        <LineDiff lines={change.lines} />
      ) : (
        <span className="wf-diff-values">
          <span className="wf-diff-old">{valueText(change.old) ?? none}</span> → <span className="wf-diff-new">{valueText(change.new) ?? none}</span>
        </span>
      )}
    </li>
  );
}

export function DiffList({ diff, titleOf, testId = "wf-diff-list" }: { diff: DocDiff; titleOf: (nodeId: string) => string; testId?: string }) {
  const { t } = useTranslation();
  const edgeText = (e: WorkflowEdge) => `${titleOf(e.source)} → ${titleOf(e.target)}${e.source_port !== "out" ? ` (${e.source_port})` : ""}`;
  if (isEmptyDiff(diff))
    return (
      <p className="muted" data-testid={testId}>
        {t("workflows.history.diff.empty")}
      </p>
    );
  return (
    <div className="wf-diff-list" data-testid={testId}>
      {diff.nodes_added.length > 0 && (
        <section>
          <h5>{t("workflows.history.diff.added", { count: diff.nodes_added.length })}</h5>
          <ul>
            {diff.nodes_added.map((n) => (
              <li key={n.id} className="wf-diff-item added" data-testid="wf-diff-added">
                <NodeName node={n} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {diff.nodes_removed.length > 0 && (
        <section>
          <h5>{t("workflows.history.diff.removed", { count: diff.nodes_removed.length })}</h5>
          <ul>
            {diff.nodes_removed.map((n) => (
              <li key={n.id} className="wf-diff-item removed" data-testid="wf-diff-removed">
                <NodeName node={n} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {diff.nodes_changed.length > 0 && (
        <section>
          <h5>{t("workflows.history.diff.changed", { count: diff.nodes_changed.length })}</h5>
          <ul>
            {diff.nodes_changed.map((c) => (
              <li key={c.node.id} className={`wf-diff-item ${c.fields.length ? "changed" : "moved"}`} data-testid="wf-diff-changed">
                <NodeName node={c.node} />
                {c.moved && <span className="muted"> · {t("workflows.history.diff.moved")}</span>}
                {c.fields.length > 0 && (
                  <ul className="wf-diff-fields">
                    {c.fields.map((f) => (
                      <Field key={f.path} change={f} />
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {(diff.edges_added.length > 0 || diff.edges_removed.length > 0) && (
        <section>
          <h5>{t("workflows.history.diff.edges")}</h5>
          <ul>
            {diff.edges_added.map((e) => (
              <li key={`+${e.id}`} className="wf-diff-item added">
                {t("workflows.history.diff.edgeAdded", { edge: edgeText(e) })}
              </li>
            ))}
            {diff.edges_removed.map((e) => (
              <li key={`-${e.id}`} className="wf-diff-item removed">
                {t("workflows.history.diff.edgeRemoved", { edge: edgeText(e) })}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
