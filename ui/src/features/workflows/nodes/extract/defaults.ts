import type { FieldProblem, KindSpec } from "../types";

export const spec: KindSpec<"extract"> = {
  kind: "extract",
  defaults: () => ({ kind: "extract", source: "", mode: "json_path", pattern: "$" }),
  outputs: () => ["value"],
  validate: (c) => {
    const out: FieldProblem[] = [];
    if (!c.source.trim()) out.push({ code: "missing_field", subject: "source" });
    if (!c.pattern.trim()) out.push({ code: "missing_field", subject: "pattern" });
    else if (c.mode === "json_path" && !c.pattern.trim().startsWith("$")) out.push({ code: "invalid_pattern", subject: "pattern" });
    else if (c.mode === "regex") {
      try {
        new RegExp(c.pattern);
      } catch {
        out.push({ code: "invalid_pattern", subject: "pattern" });
      }
    }
    return out;
  },
  canFail: true,
};
