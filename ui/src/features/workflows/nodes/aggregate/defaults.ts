import type { FieldProblem, KindSpec } from "../types";

export const spec: KindSpec<"aggregate"> = {
  kind: "aggregate",
  defaults: () => ({ kind: "aggregate", variables: [""] }),
  outputs: () => ["result", "all"],
  validate: (c) => {
    const out: FieldProblem[] = [];
    if (!c.variables.length || c.variables.some((v) => !v.trim())) out.push({ code: "missing_field", subject: "variables" });
    return out;
  },
  canFail: false,
};
