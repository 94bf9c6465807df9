import { describe, expect, it } from "vitest";
import { innerVars, upstreamVars } from "./vars";
import { sampleDoc } from "../testDocs";

describe("the variable picker's variables", () => {
  it("lists the outputs of every node upstream, not downstream or beside", () => {
    const refs = upstreamVars(sampleDoc(), "template_1").map((v) => v.ref);
    expect(refs).toEqual(["start.input", "llm_1.text"]);
    expect(upstreamVars(sampleDoc(), "start")).toEqual([]);
  });

  it("inside an iteration offers its item and index and what is upstream of the iteration", () => {
    const refs = upstreamVars(sampleDoc(), "template_2").map((v) => v.ref);
    expect(refs).toEqual(["iteration_1.item", "iteration_1.index", "start.input", "llm_1.text"]);
  });

  it("an iteration's output picks from the nodes inside it", () => {
    expect(innerVars(sampleDoc(), "iteration_1").map((v) => v.ref)).toEqual(["template_2.text"]);
  });
});

describe("dropping into an iteration", async () => {
  const { iterationAt } = await import("./geometry");
  const size = () => ({ width: 220, height: 80 });
  it("finds the iteration whose box holds the point, and none for a point outside or not a number", () => {
    expect(iterationAt(sampleDoc(), { x: 1000, y: 300 }, size)?.id).toBe("iteration_1");
    expect(iterationAt(sampleDoc(), { x: 100, y: 300 }, size)).toBeNull();
    expect(iterationAt(sampleDoc(), { x: Number.NaN, y: 300 }, size)).toBeNull();
  });
});
