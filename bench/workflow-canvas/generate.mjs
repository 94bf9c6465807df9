#!/usr/bin/env node
// Writes the canvas benchmark's workflow document (see doc.mjs): 500 nodes and 700 edges by default.
//
//   node bench/workflow-canvas/generate.mjs [out.json] [--nodes 500] [--edges 700] [--route default] [--seed 1]
//
// The file is a WorkflowDoc (what saveWorkflow takes as `doc`); positions are laid out left to right by layer.
import { writeFileSync } from "node:fs";
import { makeDoc } from "./doc.mjs";

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const out = args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--")) ?? "workflow-500.json";
const { doc, llm, template, layers } = makeDoc({
  nodes: Number(flag("nodes", 500)),
  edges: Number(flag("edges", 700)),
  route: flag("route", "default"),
  seed: Number(flag("seed", 1)),
});
writeFileSync(out, `${JSON.stringify(doc, null, 1)}\n`);
console.log(`${out}: ${doc.nodes.length} nodes (${llm} llm, ${template} template), ${doc.edges.length} edges, ${layers} layers`);
