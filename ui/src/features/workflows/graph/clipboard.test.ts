import { afterEach, describe, expect, it, vi } from "vitest";
import { clipFromText, clipToText, copyNodes, pasteClip, readClip, remapRefs, useClipboard, writeClip } from "./clipboard";
import { paste } from "./commands";
import { sampleDoc } from "../testDocs";

describe("copy and paste", () => {
  const doc = sampleDoc();

  it("copies the picked nodes with the edges between them only", () => {
    const clip = copyNodes(doc, ["llm_1", "template_1", "end_1"])!;
    expect(clip.nodes.map((n) => n.id)).toEqual(["llm_1", "template_1", "end_1"]);
    expect(clip.edges.map((e) => [e.source, e.target])).toEqual([
      ["llm_1", "template_1"],
      ["template_1", "end_1"],
    ]);
  });

  it("pastes with fresh ids, keeps edges between copied nodes (remapped) and drops edges to the outside", () => {
    const clip = copyNodes(doc, ["llm_1", "template_1"])!;
    const pasted = pasteClip(doc, clip, { x: 10, y: 20 });
    expect(pasted.nodes.map((n) => n.id)).toEqual(["llm_2", "template_3"]);
    expect(pasted.edges).toHaveLength(1);
    expect(pasted.edges[0]).toMatchObject({ source: "llm_2", target: "template_3", source_port: "out" });
    expect(pasted.nodes[0].position).toEqual({ x: 310, y: 20 });
    // the template named llm_1 and now names the copy; a reference to a node not copied stays
    expect(pasted.nodes[1].config).toEqual({ kind: "template", template: "{{llm_2.text}}!" });
    expect(pasted.nodes[0].config).toMatchObject({ user: "{{start.input}}" });
  });

  it("pasting twice gives distinct ids", () => {
    const clip = copyNodes(doc, ["llm_1", "template_1"])!;
    const first = pasteClip(doc, clip, { x: 40, y: 40 });
    const once = paste(first.nodes, first.edges)!.do(doc);
    const second = pasteClip(once, clip, { x: 80, y: 80 });
    const twice = paste(second.nodes, second.edges)!.do(once);
    const ids = twice.nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(second.nodes.map((n) => n.id)).toEqual(["llm_3", "template_4"]);
    expect(new Set(twice.edges.map((e) => e.id)).size).toBe(twice.edges.length);
  });

  it("copies an iteration with its sub-graph, and a child alone comes out at its place on the canvas", () => {
    const withChild = copyNodes(doc, ["iteration_1"])!;
    expect(withChild.nodes.map((n) => n.id)).toEqual(["iteration_1", "template_2"]);
    const pasted = pasteClip(doc, withChild, { x: 0, y: 0 });
    expect(pasted.nodes[1].parent).toBe(pasted.nodes[0].id);
    expect(pasted.nodes[1].config).toEqual({ kind: "template", template: `{{${pasted.nodes[0].id}.item}}` });

    const childAlone = copyNodes(doc, ["template_2"])!;
    expect(childAlone.nodes[0]).toMatchObject({ parent: null, position: { x: 940, y: 280 } });
  });

  it("leaves out a Start when the document already has one", () => {
    const clip = copyNodes(doc, ["start", "llm_1"])!;
    const pasted = pasteClip(doc, clip, { x: 0, y: 0 });
    expect(pasted.nodes.map((n) => n.config.kind)).toEqual(["llm"]);
    expect(pasted.edges).toEqual([]);
    const empty = { version: 1, nodes: [], edges: [] };
    expect(pasteClip(empty, clip, { x: 0, y: 0 }).nodes.map((n) => n.id)).toEqual(["start", "llm_1"]);
  });

  it("goes through the system clipboard as JSON text, and refuses other text", () => {
    const clip = copyNodes(doc, ["llm_1", "template_1"])!;
    expect(clipFromText(clipToText(clip))).toEqual(clip);
    expect(clipFromText("hello")).toBeNull();
    expect(clipFromText(JSON.stringify({ nodes: [], edges: [] }))).toBeNull();
    expect(clipFromText(JSON.stringify({ format: "switchyard/workflow-nodes", nodes: [{ id: "x", position: { x: 0, y: 0 }, config: { kind: "bogus" } }], edges: [] }))).toBeNull();
  });

  it("only rewrites references at the start of a variable or a template", () => {
    const ids = new Map([["llm_1", "llm_9"]]);
    expect(remapRefs({ a: "{{ llm_1.text }} and xllm_1.text and {{llm_10.text}}", b: ["llm_1.json.title"] }, ids)).toEqual({
      a: "{{ llm_9.text }} and xllm_1.text and {{llm_10.text}}",
      b: ["llm_9.json.title"],
    });
  });
});

describe("the clipboard between workflows", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("keeps the clip in the app's clipboard and writes it as text when it may", async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal("navigator", { clipboard: { writeText, readText: () => Promise.reject(new Error("denied")) } });
    const clip = copyNodes(sampleDoc(), ["llm_1"])!;
    await writeClip(clip);
    expect(useClipboard.getState().clip).toEqual(clip);
    expect(clipFromText((writeText.mock.calls[0] as unknown as [string])[0])).toEqual(clip);
    // reading the system clipboard is refused here: the app's own clipboard is used
    expect(await readClip()).toEqual(clip);
  });

  it("prefers a clip on the system clipboard (copied in another window)", async () => {
    const other = copyNodes(sampleDoc(), ["template_1"])!;
    vi.stubGlobal("navigator", { clipboard: { readText: () => Promise.resolve(clipToText(other)) } });
    useClipboard.getState().put(copyNodes(sampleDoc(), ["llm_1"])!);
    expect(await readClip()).toEqual(other);
  });
});
