// The run's inputs form, made from the Start node's fields: one control per input, prefilled with its default (or
// the last run's value), and the typed values the core expects back.
import type { Field, VarType, WorkflowDoc } from "../../../data/workflows";

export type Control = "text" | "number" | "checkbox" | "json";
export type FormField = { name: string; type: VarType; required: boolean; control: Control; initial: string | boolean };
export type InputError = "required" | "number" | "json" | "type";

export function startFields(doc: WorkflowDoc): Field[] {
  const start = doc.nodes.find((n) => n.config.kind === "start");
  return start?.config.kind === "start" ? start.config.inputs.filter((f) => f.name.trim() !== "") : [];
}

function controlFor(type: VarType): Control {
  if (type === "number") return "number";
  if (type === "boolean") return "checkbox";
  if (type === "string") return "text";
  return "json";
}

function initialText(value: unknown, control: Control): string | boolean {
  if (control === "checkbox") return value === true;
  if (value === null || value === undefined) return "";
  if (control === "json") return JSON.stringify(value, null, 2);
  return String(value);
}

/** One control per Start input; `previous` (the last run's inputs) wins over a field's default. */
export function buildInputsForm(fields: readonly Field[], previous?: unknown): FormField[] {
  const prev = previous && typeof previous === "object" && !Array.isArray(previous) ? (previous as Record<string, unknown>) : {};
  return fields.map((f) => {
    const control = controlFor(f.type);
    const value = f.name in prev ? prev[f.name] : f.default;
    return { name: f.name, type: f.type, required: f.required, control, initial: initialText(value, control) };
  });
}

function fits(type: VarType, value: unknown): boolean {
  if (type === "object") return !!value && typeof value === "object" && !Array.isArray(value);
  if (type === "array") return Array.isArray(value);
  return true;
}

/** The values typed into the form as the run's inputs, or the fields that are not right. Empty optional fields are left out. */
export function parseInputs(
  form: readonly FormField[],
  values: Record<string, string | boolean>,
): { inputs: Record<string, unknown>; errors: Record<string, InputError> } {
  const inputs: Record<string, unknown> = {};
  const errors: Record<string, InputError> = {};
  for (const f of form) {
    const raw = values[f.name] ?? f.initial;
    if (f.control === "checkbox") {
      inputs[f.name] = raw === true;
      continue;
    }
    const text = typeof raw === "string" ? raw : "";
    if (text.trim() === "") {
      if (f.required) errors[f.name] = "required";
      continue;
    }
    if (f.control === "number") {
      const n = Number(text.trim());
      if (!Number.isFinite(n)) errors[f.name] = "number";
      else inputs[f.name] = n;
    } else if (f.control === "json") {
      try {
        const v: unknown = JSON.parse(text);
        if (fits(f.type, v)) inputs[f.name] = v;
        else errors[f.name] = "type";
      } catch {
        // Anything may be a plain text; a list or an object must be JSON.
        if (f.type === "any") inputs[f.name] = text;
        else errors[f.name] = "json";
      }
    } else inputs[f.name] = text;
  }
  return { inputs, errors };
}
