import { defineKind } from "../types";
import { spec } from "./defaults";
import { LlmNode } from "./node";
import { LlmPanel } from "./panel";

export default defineKind({ ...spec, View: LlmNode, Panel: LlmPanel });
