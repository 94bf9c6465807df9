import type { FieldProblem, KindSpec } from "../types";

export const spec: KindSpec<"http"> = {
  kind: "http",
  defaults: () => ({ kind: "http", method: "GET", url: "", headers: [], body: "", timeout_ms: 30_000 }),
  outputs: () => ["status", "body", "json"],
  validate: (c) => {
    const out: FieldProblem[] = [];
    if (!c.url.trim()) out.push({ code: "missing_field", subject: "url" });
    else if (!/^(https?:\/\/|\{\{)/i.test(c.url.trim())) out.push({ code: "invalid_pattern", subject: "url" });
    for (const h of c.headers) {
      if (!h.name.trim()) out.push({ code: "missing_field", subject: "headers" });
      else if (h.secret && !h.value.trim()) out.push({ code: "missing_field", subject: h.name });
    }
    if (!(c.timeout_ms > 0)) out.push({ code: "out_of_range", subject: "timeout_ms" });
    return out;
  },
  canFail: true,
};

/** Methods that send a body. */
export const WITH_BODY = new Set(["POST", "PUT", "PATCH", "DELETE"]);
