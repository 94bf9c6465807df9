// A line-by-line diff of two texts (longest common subsequence), for a conflict's values: the core sends line
// diffs for a change between two documents, but a conflict carries three plain values.
import type { LineChange } from "../../../data/workflowHistory";

export function lineDiff(from: string, to: string): LineChange[] {
  const a = from.split("\n");
  const b = to.split("\n");
  // common[i][j]: the longest common run of a[i..] and b[j..].
  const common = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) common[i][j] = a[i] === b[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
  const out: LineChange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: "same", text: a[i] });
      i++;
      j++;
    } else if (common[i + 1][j] >= common[i][j + 1]) out.push({ op: "removed", text: a[i++] });
    else out.push({ op: "added", text: b[j++] });
  }
  while (i < a.length) out.push({ op: "removed", text: a[i++] });
  while (j < b.length) out.push({ op: "added", text: b[j++] });
  return out;
}

/** A value as one short line: texts as they are, anything else as JSON; `null` for a value that is not there. */
export function valueText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** Texts of more than one line read better line by line. */
export const isMultiline = (v: unknown) => typeof v === "string" && v.includes("\n");
