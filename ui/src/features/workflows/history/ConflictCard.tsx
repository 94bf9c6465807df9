// One merge conflict: what it is about, in words, the three values side by side (texts line by line against the
// common version), and the choices (a third, keep both, for a node both branches added). Nothing is chosen for the person.
import { useTranslation } from "react-i18next";
import type { MergeConflict, Side } from "../../../data/workflowHistory";
import { LineDiff } from "./LineDiff";
import { isMultiline, lineDiff, valueText } from "./lines";

function Value({ value, base, label, testId }: { value: unknown; base: unknown; label: string; testId: string }) {
  const { t } = useTranslation();
  const text = valueText(value);
  const baseText = valueText(base);
  return (
    <div className="wf-conflict-value" data-testid={testId}>
      <h6>{label}</h6>
      {text === null ? (
        <p className="muted small">{t("workflows.history.merge.absent")}</p>
      ) : (isMultiline(value) || isMultiline(base)) && baseText !== null && base !== value ? (
        <LineDiff lines={lineDiff(baseText, text)} />
      ) : (
        <pre className="wf-json">{text}</pre>
      )}
    </div>
  );
}

export function ConflictCard({ conflict, chosen, titleOf, theirs, onChoose }: { conflict: MergeConflict; chosen: Side | null; titleOf: (nodeId: string) => string; theirs: string; onChoose: (side: Side) => void }) {
  const { t } = useTranslation();
  const subject = conflict.node_id
    ? t("workflows.history.merge.node", { node: titleOf(conflict.node_id) })
    : t("workflows.history.merge.edge", { edge: conflict.edge_id ?? conflict.id });
  // Only a node both branches added can be kept twice: the core gives the other branch's a new id.
  const canKeepBoth = conflict.kind === "both_added" && conflict.node_id !== null && conflict.edge_id === null;
  return (
    <li className={`wf-merge-conflict ${chosen ? "chosen" : ""}`} data-testid="wf-conflict" data-conflict-id={conflict.id}>
      <div className="row spread">
        <span>
          <strong>{subject}</strong>
          {conflict.path && (
            <>
              {" · "}
              <code>{conflict.path}</code>
            </>
          )}
        </span>
        <span className="muted small">{t(`workflows.history.conflictKind.${conflict.kind}`)}</span>
      </div>
      <div className="wf-conflict-values">
        <Value value={conflict.base} base={conflict.base} label={t("workflows.history.merge.base")} testId="wf-conflict-base" />
        <Value value={conflict.ours} base={conflict.base} label={t("workflows.history.merge.ours")} testId="wf-conflict-ours-value" />
        <Value value={conflict.theirs} base={conflict.base} label={t("workflows.history.merge.theirs", { branch: theirs })} testId="wf-conflict-theirs-value" />
      </div>
      <div className="row end">
        <button className={chosen === "ours" ? "primary" : ""} aria-pressed={chosen === "ours"} onClick={() => onChoose("ours")} data-testid="wf-conflict-ours">
          {t("workflows.history.merge.keepOurs")}
        </button>
        <button className={chosen === "theirs" ? "primary" : ""} aria-pressed={chosen === "theirs"} onClick={() => onChoose("theirs")} data-testid="wf-conflict-theirs">
          {t("workflows.history.merge.takeTheirs", { branch: theirs })}
        </button>
        {canKeepBoth && (
          <button className={chosen === "both" ? "primary" : ""} aria-pressed={chosen === "both"} onClick={() => onChoose("both")} title={t("workflows.history.merge.keepBothHint", { branch: theirs })} data-testid="wf-conflict-both">
            {t("workflows.history.merge.keepBoth")}
          </button>
        )}
      </div>
    </li>
  );
}
