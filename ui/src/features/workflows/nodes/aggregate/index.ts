import { defineKind } from "../types";
import { spec } from "./defaults";
import { AggregateNode } from "./node";
import { AggregatePanel } from "./panel";

export default defineKind({ ...spec, View: AggregateNode, Panel: AggregatePanel });
