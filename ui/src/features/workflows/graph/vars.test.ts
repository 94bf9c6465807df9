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
