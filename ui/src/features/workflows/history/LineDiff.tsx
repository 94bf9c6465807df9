// Lines of a text change: kept lines plain, removed ones red, added ones green.
import type { LineChange } from "../../../data/workflowHistory";

const SIGN = { same: " ", added: "+", removed: "-" } as const;

export function LineDiff({ lines, testId }: { lines: LineChange[]; testId?: string }) {
  return (
    <pre className="wf-line-diff" data-testid={testId}>
      {lines.map((l, i) => (
        <div key={i} className={`wf-line ${l.op}`}>
          <span className="wf-line-sign" aria-hidden>
            {SIGN[l.op]}
          </span>
          {l.text || " "}
        </div>
      ))}
    </pre>
  );
}
