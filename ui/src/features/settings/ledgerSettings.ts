// What happens to usage records while the database cannot be written: how many may wait in memory, and then what.
import type { Settings_Serialize, WhenLedgerFull } from "../../bindings";
import { parseWhole } from "./queueSettings";

/** The range the core accepts (crates/core/src/settings.rs); outside it the core answers invalid_ledger_buffer. */
export const LEDGER_BUFFER_LIMITS = { min: 100, max: 10_000_000 } as const;
export const WHEN_FULL: WhenLedgerFull[] = ["refuse", "drop"];

export type LedgerPatch = Pick<Settings_Serialize, "ledger_buffer_rows" | "ledger_when_full">;

/** The patch to save, or null when the row count is not a whole number in range. */
export function parseLedgerForm(rows: string, whenFull: WhenLedgerFull): LedgerPatch | null {
  const n = parseWhole(rows);
  if (n === null || n < LEDGER_BUFFER_LIMITS.min || n > LEDGER_BUFFER_LIMITS.max) return null;
  return { ledger_buffer_rows: n, ledger_when_full: whenFull };
}
