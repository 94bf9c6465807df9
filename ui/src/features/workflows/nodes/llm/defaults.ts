import type { ChatTarget } from "../../../../bindings";
import type { FieldProblem, KindSpec } from "../types";

export const spec: KindSpec<"llm"> = {
  kind: "llm",
  defaults: () => ({ kind: "llm", target: null, system: "", user: "", temperature: null, max_tokens: null, json_output: false, json_schema: "" }),
  outputs: (c) => (c.json_output ? ["text", "json"] : ["text"]),
  validate: (c) => {
    const out: FieldProblem[] = [];
    if (!c.target || (c.target.kind === "model" && !c.target.model.trim()) || (c.target.kind === "route" && !c.target.name.trim())) out.push({ code: "missing_model", subject: "target" });
    if (!c.user.trim()) out.push({ code: "missing_field", subject: "user" });
    if (c.temperature !== null && (c.temperature < 0 || c.temperature > 2)) out.push({ code: "out_of_range", subject: "temperature" });
    if (c.max_tokens !== null && (c.max_tokens < 1 || !Number.isInteger(c.max_tokens))) out.push({ code: "out_of_range", subject: "max_tokens" });
    if (c.json_output && c.json_schema.trim()) {
      try {
        JSON.parse(c.json_schema);
      } catch {
        out.push({ code: "invalid_pattern", subject: "json_schema" });
      }
    }
    return out;
  },
  canFail: true,
};

/** How a target reads on the node: the route's name, or provider · model. */
export function targetLabel(target: ChatTarget | null, providerName: (id: string) => string): string {
  if (!target) return "";
  return target.kind === "route" ? target.name : `${providerName(target.provider_id)} · ${target.model}`;
}
