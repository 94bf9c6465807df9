import { defineKind } from "../types";
import { spec } from "./defaults";
import { HttpNode } from "./node";
import { HttpPanel } from "./panel";

export default defineKind({ ...spec, View: HttpNode, Panel: HttpPanel });
