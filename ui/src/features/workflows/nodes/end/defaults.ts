import { IDENTIFIER, type FieldProblem, type KindSpec } from "../types";

export const spec: KindSpec<"end"> = {
  kind: "end",
  defaults: () => ({ kind: "end", outputs: [{ name: "result", value: "" }] }),
  outputs: () => [],
  validate: (c) => {
    const out: FieldProblem[] = [];
    const seen = new Set<string>();
    for (const o of c.outputs) {
      if (!o.name.trim()) out.push({ code: "missing_field", subject: "outputs" });
      else if (!IDENTIFIER.test(o.name)) out.push({ code: "invalid_pattern", subject: o.name });
      else if (seen.has(o.name)) out.push({ code: "duplicate_id", subject: o.name });
      else if (!o.value.trim()) out.push({ code: "missing_field", subject: o.name });
      seen.add(o.name);
    }
    return out;
  },
  canFail: false,
};
