// The change history (the core's audit log): which fields an entry changed, and how to show a recorded value.
import type { AuditAction, AuditEntry_Serialize, ChangeSource, SubjectKind } from "../../bindings";

export const SUBJECT_KINDS: SubjectKind[] = ["provider", "access_key", "route", "budget", "price_override", "settings"];
export const CHANGE_SOURCES: ChangeSource[] = ["app", "cli", "config_file"];
export const AUDIT_ACTIONS: AuditAction[] = ["created", "imported", "updated", "deleted", "revoked"];
/** Entries fetched per page. */
export const HISTORY_PAGE = 50;

export type FieldChange = { field: string; old: unknown; new: unknown };

const fields = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const isEmpty = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0);

/** The fields whose value differs between before and after, in the order the core wrote them; for a created or
 *  deleted subject, every field that has a value. */
export function changedFields(entry: Pick<AuditEntry_Serialize, "old" | "new">): FieldChange[] {
  const [before, after] = [fields(entry.old), fields(entry.new)];
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return names
    .filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]))
    .filter((f) => !(isEmpty(before[f]) && isEmpty(after[f])))
    .map((f) => ({ field: f, old: before[f], new: after[f] }));
}

/** A recorded value as a person reads it; `none` for no value. `word` names the core's own words (`true`,
 *  `refuse`, `chat`, …) in the person's language; numbers, URLs and names stay as they are. */
export function showValue(v: unknown, none: string, word: (w: string) => string = (w) => w): string {
  if (isEmpty(v)) return none;
  const one = (x: unknown) => (typeof x === "object" ? JSON.stringify(x) : isWord(x) ? word(String(x)) : String(x));
  if (Array.isArray(v)) return v.map(one).join(", ");
  return one(v);
}

const isWord = (x: unknown) => typeof x === "boolean" || (typeof x === "string" && /^[a-z_]+$/.test(x));

/** `cache_ttl_days` → `cache ttl days` */
export const fieldLabel = (field: string) => field.replace(/_/g, " ");
