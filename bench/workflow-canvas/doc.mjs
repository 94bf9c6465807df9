// A large, valid workflow document for the canvas benchmark: one Start, one End, and between them a layered DAG of
// Template and LLM nodes. Every node is reached from Start, every template names an output of a node upstream of
// it, the graph has no cycle and no edge repeats. Used by generate.mjs and by the UI's tests (ui/src/features/workflows).

/** @param {{ nodes?: number, edges?: number, route?: string, seed?: number }} [options] */
export function makeDoc({ nodes: NODES = 500, edges: EDGES = 700, route: ROUTE = "default", seed = 1 } = {}) {
  /** A small deterministic PRNG, so the same options give the same document. */
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

  const middle = NODES - 2;
  const width = Math.max(1, Math.round(Math.sqrt(middle / 6))); // nodes per layer
  const layers = [];
  for (let i = 0; i < middle; i++) (layers[Math.floor(i / width)] ??= []).push(i);
  const minEdges = middle + layers[layers.length - 1].length; // one into each middle node, one from each last-layer node into End
  if (NODES < 3 || EDGES < minEdges) throw new Error(`need at least 3 nodes and ${minEdges} edges for ${NODES} nodes`);

  const policy = { retry: { max_retries: 0, backoff_ms: 500, on: ["transport", "rate_limit", "server_error"] }, timeout_ms: null, on_error: "stop" };
  const nodes = [
    { id: "start", title: "", position: { x: 0, y: 0 }, parent: null, config: { kind: "start", inputs: [{ name: "topic", type: "string", required: true, default: null }] }, policy },
  ];
  const ids = [];
  let llm = 0;
  let template = 0;
  for (const [l, layer] of layers.entries()) {
    for (const [row, i] of layer.entries()) {
      const isLlm = i % 3 === 1;
      const id = isLlm ? `llm_${++llm}` : `template_${++template}`;
      ids[i] = id;
      const position = { x: 300 * (l + 1), y: 120 * row };
      const config = isLlm
        ? { kind: "llm", target: { kind: "route", name: ROUTE }, system: "", user: "", temperature: 0, max_tokens: 64, json_output: false, json_schema: "" }
        : { kind: "template", template: "" };
      nodes.push({ id, title: "", position, parent: null, config, policy });
    }
  }
  const end = { id: "end_1", title: "", position: { x: 300 * (layers.length + 1), y: 0 }, parent: null, config: { kind: "end", outputs: [] }, policy };

  const edges = [];
  const seen = new Set();
  const incoming = new Map();
  const link = (source, target) => {
    const id = `${source}:out->${target}`;
    if (seen.has(id)) return false;
    seen.add(id);
    edges.push({ id, source, source_port: "out", target, target_port: "in" });
    incoming.set(target, [...(incoming.get(target) ?? []), source]);
    return true;
  };
  const pick = (list) => list[Math.floor(random() * list.length)];

  // Every middle node has one edge from the layer before (Start for the first layer).
  for (const [l, layer] of layers.entries()) for (const i of layer) link(l === 0 ? "start" : ids[pick(layers[l - 1])], ids[i]);
  // The extra edges go forward one or two layers, so the graph stays a DAG.
  let guard = 0;
  while (edges.length < EDGES - layers[layers.length - 1].length && guard++ < EDGES * 100) {
    const l = Math.floor(random() * (layers.length - 1));
    const to = Math.min(layers.length - 1, l + 1 + Math.floor(random() * 2));
    link(ids[pick(layers[l])], ids[pick(layers[to])]);
  }
  for (const i of layers[layers.length - 1]) link(ids[i], end.id);
  if (edges.length !== EDGES) throw new Error(`made ${edges.length} edges, wanted ${EDGES}; try other numbers`);

  // Templates and prompts name what their first input gives: Start's topic or the upstream node's text.
  const ref = (source) => (source === "start" ? "{{start.topic}}" : `{{${source}.text}}`);
  for (const n of nodes.slice(1)) {
    const from = incoming.get(n.id).map(ref);
    if (n.config.kind === "llm") n.config.user = `Continue: ${from[0]}`;
    else n.config.template = from.join(" + ");
  }
  end.config.outputs = [{ name: "result", value: ref(incoming.get(end.id)[0]) }];
  nodes.push(end);

  return { doc: { version: 1, nodes, edges }, llm, template, layers: layers.length };
}
