import { defineKind } from "../types";
import { spec } from "./defaults";
import { IterationNode } from "./node";
import { IterationPanel } from "./panel";

export default defineKind({ ...spec, View: IterationNode, Panel: IterationPanel });
