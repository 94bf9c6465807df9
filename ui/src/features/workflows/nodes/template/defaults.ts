import type { KindSpec } from "../types";

export const spec: KindSpec<"template"> = {
  kind: "template",
  defaults: () => ({ kind: "template", template: "" }),
  outputs: () => ["text"],
  validate: (c) => (c.template.trim() ? [] : [{ code: "missing_field", subject: "template" }]),
  canFail: false,
};
