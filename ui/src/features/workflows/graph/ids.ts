// Node ids are `<kind>_<n>` (Start's is `start` while there is none), what templates name; edge ids name their ends.
import type { NodeKind } from "../../../data/workflows";

/** The next free id for a node of `kind`; adds it to `taken` so a batch (a paste) never hands out one twice. */
export function nextNodeId(taken: Set<string>, kind: NodeKind): string {
  let id: string;
  if (kind === "start" && !taken.has("start")) id = "start";
  else {
    const pattern = new RegExp(`^${kind}_(\\d+)$`);
    let max = 0;
    for (const t of taken) {
      const m = pattern.exec(t);
      if (m) max = Math.max(max, Number(m[1]));
    }
    id = `${kind}_${max + 1}`;
  }
  taken.add(id);
  return id;
}

export function edgeId(source: string, sourcePort: string, target: string): string {
  return `${source}:${sourcePort}->${target}`;
}
