import { describe, expect, it } from "vitest";
import type { Field } from "../../../data/workflows";
import { buildInputsForm, parseInputs, startFields } from "./inputsForm";
import { node } from "../testDocs";

const fields: Field[] = [
  { name: "topic", type: "string", required: true, default: null },
  { name: "count", type: "number", required: false, default: 3 },
  { name: "loud", type: "boolean", required: false, default: true },
  { name: "tags", type: "array", required: false, default: ["a"] },
  { name: "meta", type: "object", required: true, default: null },
  { name: "extra", type: "any", required: false, default: null },
];

describe("the run's inputs form", () => {
  it("has one control per Start input, of its type, prefilled with its default", () => {
    const form = buildInputsForm(fields);
    expect(form.map((f) => [f.name, f.control, f.initial])).toEqual([
      ["topic", "text", ""],
      ["count", "number", "3"],
      ["loud", "checkbox", true],
      ["tags", "json", '[\n  "a"\n]'],
      ["meta", "json", ""],
      ["extra", "json", ""],
    ]);
  });

  it("prefills from the last run's inputs over the defaults", () => {
    const form = buildInputsForm(fields, { topic: "cats", count: 7 });
    expect(form[0].initial).toBe("cats");
    expect(form[1].initial).toBe("7");
  });

  it("gives typed values, leaves out empty optional fields, and names the fields that are wrong", () => {
    const form = buildInputsForm(fields);
    const ok = parseInputs(form, { topic: "cats", count: "4.5", loud: false, tags: '["x","y"]', meta: '{"a":1}', extra: "plain text" });
    expect(ok.errors).toEqual({});
    expect(ok.inputs).toEqual({ topic: "cats", count: 4.5, loud: false, tags: ["x", "y"], meta: { a: 1 }, extra: "plain text" });

    const bad = parseInputs(form, { topic: " ", count: "many", tags: '{"not":"a list"}', meta: "{oops" });
    expect(bad.errors).toEqual({ topic: "required", count: "number", tags: "type", meta: "json" });
    expect(parseInputs(form, { topic: "x", count: "", meta: "{}" }).inputs).toEqual({ topic: "x", loud: true, tags: ["a"], meta: {} });
  });

  it("reads the fields from the document's Start node, skipping unnamed ones", () => {
    const start = node("start", "start", { config: { kind: "start", inputs: [...fields.slice(0, 2), { name: " ", type: "string", required: true, default: null }] } });
    expect(startFields({ version: 1, nodes: [start], edges: [] }).map((f) => f.name)).toEqual(["topic", "count"]);
    expect(startFields({ version: 1, nodes: [], edges: [] })).toEqual([]);
  });
});
