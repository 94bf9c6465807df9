import { describe, expect, it } from "vitest";
import { refusal } from "./rules";
import { sourcePorts, targetPorts } from "./ports";
import { editConfig } from "./commands";
import { edge, node, sampleDoc } from "../testDocs";
import type { WorkflowDoc } from "../../../data/workflows";

const c = (source: string, target: string, sourcePort = "out") => ({ source, sourcePort, target, targetPort: "in" });

describe("connection rules", () => {
  const doc = sampleDoc();

  it("accepts an edge between two top-level nodes that makes no loop", () => {
    expect(refusal(doc, c("start", "template_1"))).toBeNull();
    expect(refusal(doc, c("condition_1", "end_1", "else"))).toBeNull();
  });

  it("refuses an edge into Start", () => expect(refusal(doc, c("llm_1", "start"))).toBe("into_start"));
  it("refuses an edge out of End", () => expect(refusal(doc, c("end_1", "condition_1"))).toBe("out_of_end"));
  it("refuses a self loop", () => expect(refusal(doc, c("llm_1", "llm_1"))).toBe("self_loop"));
  it("refuses a duplicate edge (same source, port and target)", () => expect(refusal(doc, c("start", "llm_1"))).toBe("duplicate"));
  it("refuses an edge that closes a cycle, directly or through others", () => {
    expect(refusal(doc, c("template_1", "llm_1"))).toBe("cycle");
    expect(refusal(doc, c("iteration_1", "llm_1"))).toBe("cycle");
  });
  it("refuses an edge across an iteration's boundary, either way", () => {
    expect(refusal(doc, c("llm_1", "template_2"))).toBe("crosses_iteration");
    expect(refusal(doc, c("template_2", "end_1"))).toBe("crosses_iteration");
  });
  it("accepts an edge between two nodes of the same iteration", () => {
    const inside: WorkflowDoc = { ...doc, nodes: [...doc.nodes, node("llm_2", "llm", { parent: "iteration_1" })] };
    expect(refusal(inside, c("template_2", "llm_2"))).toBeNull();
  });
  it("refuses ports a node does not have, and unknown nodes", () => {
    expect(refusal(doc, c("llm_1", "end_1", "error"))).toBe("unknown_port");
    expect(refusal(doc, c("condition_1", "end_1", "out"))).toBe("unknown_port");
    expect(refusal(doc, { source: "llm_1", sourcePort: "out", target: "end_1", targetPort: "side" })).toBe("unknown_port");
    expect(refusal(doc, c("ghost", "end_1"))).toBe("unknown_node");
  });
  it("a different port to the same target is not a duplicate", () => {
    const d = editConfig(doc, "llm_1", { policy: { ...doc.nodes[1].policy, on_error: "error_edge" } })!.do(doc);
    expect(refusal(d, c("llm_1", "template_1", "error"))).toBeNull();
  });
});

describe("ports", () => {
  it("Start has no target handle; End has no source handle", () => {
    expect(targetPorts(node("start", "start"))).toEqual([]);
    expect(sourcePorts(node("end_1", "end"))).toEqual([]);
    expect(targetPorts(node("end_1", "end"))).toEqual(["in"]);
  });
  it("a condition has one source handle per branch, then else", () => {
    const n = node("condition_1", "condition", { config: { kind: "condition", branches: [{ id: "if_1", when: [], all: true }, { id: "if_2", when: [], all: false }] } });
    expect(sourcePorts(n)).toEqual(["if_1", "if_2", "else"]);
  });
  it("a node whose failures take an edge has an error handle", () => {
    const n = node("http_1", "http");
    expect(sourcePorts(n)).toEqual(["out"]);
    expect(sourcePorts({ ...n, policy: { ...n.policy, on_error: "error_edge" } })).toEqual(["out", "error"]);
    expect(sourcePorts({ ...n, policy: { ...n.policy, on_error: "continue" } })).toEqual(["out"]);
  });
  it("edge helper and doc agree", () => expect(sampleDoc().edges[0]).toEqual(edge("start", "llm_1")));
});
