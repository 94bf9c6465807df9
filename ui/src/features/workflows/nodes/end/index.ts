import { defineKind } from "../types";
import { spec } from "./defaults";
import { EndNode } from "./node";
import { EndPanel } from "./panel";

export default defineKind({ ...spec, View: EndNode, Panel: EndPanel });
