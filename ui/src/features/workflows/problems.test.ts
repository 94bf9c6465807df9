import { describe, expect, it } from "vitest";
import type { Problem } from "../../data/workflows";
import { clientProblems, current, mergeProblems } from "./problems";
import { node, sampleDoc } from "./testDocs";

describe("problems", () => {
  it("checks each node's own fields", () => {
    const doc = sampleDoc();
    doc.nodes.push(node("extract_1", "extract", { config: { kind: "extract", source: "llm_1.text", mode: "regex", pattern: "(" } }));
    doc.nodes.push(node("start_2", "start", { config: { kind: "start", inputs: [{ name: "a", type: "string", required: false, default: null }, { name: "a", type: "string", required: false, default: null }, { name: "1x", type: "string", required: false, default: null }] } }));
    const found = clientProblems(doc).map((p) => `${p.node_id}:${p.code}:${p.subject}`);
    expect(found).toEqual([
      "llm_1:missing_model:target",
      "condition_1:missing_field:if_1.left",
      "iteration_1:missing_field:items",
      "iteration_1:missing_field:output",
      "end_1:missing_field:result",
      "extract_1:invalid_pattern:pattern",
      "start_2:duplicate_id:a",
      "start_2:invalid_pattern:1x",
    ]);
  });

  it("shows the core's problems with the editor's own that the core did not also find, for nodes that still exist", () => {
    const core: Problem[] = [
      { code: "missing_model", node_id: "llm_1", edge_id: null, subject: "target", message: "no model" },
      { code: "not_connected", node_id: "gone", edge_id: null, subject: "", message: "" },
    ];
    const merged = current(mergeProblems(core, clientProblems(sampleDoc())), sampleDoc());
    expect(merged.filter((p) => p.code === "missing_model")).toHaveLength(1);
    expect(merged[0].message).toBe("no model");
    expect(merged.some((p) => p.node_id === "gone")).toBe(false);
  });
});
