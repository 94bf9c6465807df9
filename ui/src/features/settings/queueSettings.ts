// The offline queue's limits as typed: how many messages and how much of their text (KB) may wait.
import type { Settings_Serialize } from "../../bindings";

/** The ranges the core accepts (crates/core/src/settings.rs); outside them it answers invalid_queue_limit. */
export const QUEUE_LIMITS = {
  maxItems: { min: 1, max: 100_000 },
  maxKb: { min: 1, max: 1_048_576 },
} as const;

export type QueueField = keyof typeof QUEUE_LIMITS;
export const QUEUE_FIELDS = Object.keys(QUEUE_LIMITS) as QueueField[];
export type QueueForm = Record<QueueField, string>;
export type QueueNumbers = Pick<Settings_Serialize, "queue_max_items" | "queue_max_kb">;

export function formFromSettings(s: QueueNumbers): QueueForm {
  return { maxItems: String(s.queue_max_items), maxKb: String(s.queue_max_kb) };
}

/** A whole number as typed ("100", " 4,096 "), or null when it is not one. */
export function parseWhole(text: string): number | null {
  const plain = text.trim().replace(/(\d),(?=\d{3}\b)/g, "$1");
  return /^\d+$/.test(plain) ? Number(plain) : null;
}

/** The numbers to save, or the fields that are wrong (not a whole number, or outside what the core accepts). */
export function parseQueueForm(form: QueueForm): { numbers: QueueNumbers } | { bad: QueueField[] } {
  const values = { maxItems: parseWhole(form.maxItems), maxKb: parseWhole(form.maxKb) };
  const bad = QUEUE_FIELDS.filter((f) => {
    const n = values[f];
    return n === null || n < QUEUE_LIMITS[f].min || n > QUEUE_LIMITS[f].max;
  });
  if (bad.length) return { bad };
  return { numbers: { queue_max_items: values.maxItems!, queue_max_kb: values.maxKb! } };
}

/** The fields a save error from the core is about. */
export function fieldsOfError(code: string): QueueField[] {
  return code === "invalid_queue_limit" ? [...QUEUE_FIELDS] : [];
}
