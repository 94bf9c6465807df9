import { describe, expect, it } from "vitest";
import type { Problem } from "../../data/workflows";
import { editConfig } from "./graph/commands";
import { clientProblems, shownProblems } from "./problems";
import { node, sampleDoc } from "./testDocs";

const p = (code: Problem["code"], node_id: string | null, subject: string, edge_id: string | null = null): Problem => ({ code, node_id, edge_id, subject, message: "" });

describe("problems", () => {
  it("checks each node's own fields", () => {
    const doc = sampleDoc();
    doc.nodes.push(node("extract_1", "extract", { config: { kind: "extract", source: "llm_1.text", mode: "regex", pattern: "(" } }));
    doc.nodes.push(node("start_2", "start", { config: { kind: "start", inputs: [{ name: "a", type: "string", required: false, default: null }, { name: "a", type: "string", required: false, default: null }, { name: "1x", type: "string", required: false, default: null }] } }));
    doc.nodes.push(node("llm_2", "llm", { config: { kind: "llm", target: { kind: "route", name: "r" }, system: "", user: "hi", temperature: 3, max_tokens: null, json_output: true, json_schema: "{" } }));
    const found = clientProblems(doc).map((x) => `${x.node_id}:${x.code}:${x.subject}`);
    expect(found).toEqual([
      "llm_1:missing_model:target",
      "condition_1:missing_field:if_1.left",
      "iteration_1:missing_field:items",
      "iteration_1:missing_field:output",
      "end_1:missing_field:result",
      "extract_1:invalid_pattern:pattern",
      "start_2:duplicate_id:a",
      "start_2:invalid_pattern:1x",
      "llm_2:out_of_range:temperature",
      "llm_2:invalid_pattern:json_schema",
    ]);
  });

  it("shows the core's problems for nodes as they were validated, and the editor's own for nodes changed since", () => {
    const validated = sampleDoc();
    const core = [p("missing_model", "llm_1", "target"), p("unknown_variable", "template_1", "llm_1.txt"), p("no_end", null, ""), p("bad_edge", null, "out", "gone-edge")];
    // as validated: the core's word (not the editor's copy of the same), no problem on an edge that is gone
    const same = shownProblems(core, validated, validated).map((x) => `${x.node_id}:${x.code}`);
    expect(same).toEqual(["llm_1:missing_model", "template_1:unknown_variable", "null:no_end"]);
    // llm_1 got a route since: its stale core problem goes, and the editor's checks (none left) stand in
    const fixed = editConfig(validated, "llm_1", { config: { ...(validated.nodes[1].config as object), target: { kind: "route", name: "r" } } as never })!.do(validated);
    const after = shownProblems(core, validated, fixed).map((x) => `${x.node_id}:${x.code}`);
    expect(after).toEqual(["template_1:unknown_variable", "null:no_end"]);
    // before the core has answered at all, the editor's own checks show
    expect(shownProblems([], null, validated).map((x) => x.node_id)).toContain("llm_1");
  });
});
