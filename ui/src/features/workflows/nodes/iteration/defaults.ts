import type { FieldProblem, KindSpec } from "../types";

export const spec: KindSpec<"iteration"> = {
  kind: "iteration",
  defaults: () => ({ kind: "iteration", items: "", parallelism: 1, output: "" }),
  outputs: () => ["results"],
  validate: (c) => {
    const out: FieldProblem[] = [];
    if (!c.items.trim()) out.push({ code: "missing_field", subject: "items" });
    if (!c.output.trim()) out.push({ code: "missing_field", subject: "output" });
    if (!(c.parallelism >= 1 && c.parallelism <= 32 && Number.isInteger(c.parallelism))) out.push({ code: "out_of_range", subject: "parallelism" });
    return out;
  },
  canFail: true,
};

/** What the sub-graph names inside an iteration: the current item and its index. */
export const ITEM_OUTPUTS = ["item", "index"];
