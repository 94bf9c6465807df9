import { defineKind } from "../types";
import { spec } from "./defaults";
import { TemplateNode } from "./node";
import { TemplatePanel } from "./panel";

export default defineKind({ ...spec, View: TemplateNode, Panel: TemplatePanel });
