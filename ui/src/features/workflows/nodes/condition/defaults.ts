import { ELSE_PORT, type Branch } from "../../../../data/workflows";
import { IDENTIFIER, type FieldProblem, type KindSpec } from "../types";

export const spec: KindSpec<"condition"> = {
  kind: "condition",
  defaults: () => ({ kind: "condition", branches: [newBranch([])] }),
  outputs: () => [],
  validate: (c) => {
    const out: FieldProblem[] = [];
    if (!c.branches.length) out.push({ code: "missing_field", subject: "branches" });
    const seen = new Set<string>();
    for (const b of c.branches) {
      if (!IDENTIFIER.test(b.id) || b.id === ELSE_PORT) out.push({ code: "invalid_pattern", subject: b.id });
      else if (seen.has(b.id)) out.push({ code: "duplicate_id", subject: b.id });
      seen.add(b.id);
      if (!b.when.length) out.push({ code: "missing_field", subject: b.id });
      for (const w of b.when) if (!w.left.trim()) out.push({ code: "missing_field", subject: `${b.id}.left` });
    }
    return out;
  },
  canFail: false,
};

/** A branch with the next free id (`if_1`, `if_2`, …): its output port, so it never changes once edges use it. */
export function newBranch(existing: readonly Branch[]): Branch {
  const taken = new Set(existing.map((b) => b.id));
  let n = 1;
  while (taken.has(`if_${n}`)) n++;
  return { id: `if_${n}`, when: [{ left: "", op: "equals", right: "" }], all: true };
}

/** Comparisons whose right side is not read. */
export const UNARY = new Set(["is_empty", "is_not_empty"]);
