import type { KindSpec } from "../types";
import { IDENTIFIER, type FieldProblem } from "../types";

export const spec: KindSpec<"start"> = {
  kind: "start",
  defaults: () => ({ kind: "start", inputs: [{ name: "input", type: "string", required: true, default: null }] }),
  outputs: (c) => c.inputs.map((f) => f.name).filter((n) => n.trim() !== ""),
  validate: (c) => {
    const out: FieldProblem[] = [];
    const seen = new Set<string>();
    for (const f of c.inputs) {
      if (!f.name.trim()) out.push({ code: "missing_field", subject: "inputs" });
      else if (!IDENTIFIER.test(f.name)) out.push({ code: "invalid_pattern", subject: f.name });
      else if (seen.has(f.name)) out.push({ code: "duplicate_id", subject: f.name });
      seen.add(f.name);
    }
    return out;
  },
  canFail: false,
};
