import { createContext } from "react";
import type { Var } from "./fields";

/** The outputs of the nodes inside the open iteration's sub-graph (what its `output` may name). */
export const InnerVarsContext = createContext<Var[]>([]);
