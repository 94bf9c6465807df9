// The problems of the open workflow (the core's and the editor's own), by node, so a node on the canvas subscribes
// to its own count only.
import { create } from "zustand";
import type { ShownProblem as Problem } from "./problems";

type ProblemsState = {
  all: Problem[];
  byNode: Record<string, Problem[]>;
  set: (all: Problem[]) => void;
};

export const useProblems = create<ProblemsState>((set) => ({
  all: [],
  byNode: {},
  set: (all) => {
    const byNode: Record<string, Problem[]> = {};
    for (const p of all) if (p.node_id) (byNode[p.node_id] ??= []).push(p);
    set({ all, byNode });
  },
}));
