import { defineKind } from "../types";
import { spec } from "./defaults";
import { ExtractNode } from "./node";
import { ExtractPanel } from "./panel";

export default defineKind({ ...spec, View: ExtractNode, Panel: ExtractPanel });
