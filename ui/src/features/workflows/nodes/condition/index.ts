import { defineKind } from "../types";
import { spec } from "./defaults";
import { ConditionNode } from "./node";
import { ConditionPanel } from "./panel";

export default defineKind({ ...spec, View: ConditionNode, Panel: ConditionPanel });
