import { defineKind } from "../types";
import { spec } from "./defaults";
import { StartNode } from "./node";
import { StartPanel } from "./panel";

export default defineKind({ ...spec, View: StartNode, Panel: StartPanel });
