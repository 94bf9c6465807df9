// The request log as pages of ledger rows, newest first.
import type { LedgerEntry_Serialize, LogRow_Serialize } from "../../bindings";
import { formatUsd } from "../../lib/money";

export const LOG_PAGE_SIZE = 50;

/**
 * A live refresh fetches the newest page again; rows newer than what is shown go on top and the pages already
 * loaded with "load more" stay, so a refresh does not throw away the person's scrolling.
 */
export function mergeNewest(shown: LogRow_Serialize[], newest: LogRow_Serialize[]): LogRow_Serialize[] {
  if (shown.length === 0) return newest;
  const top = shown[0].id;
  return [...newest.filter((r) => r.id > top), ...shown];
}

/** Chat answers link back to their conversation; only a pane's call has one. */
export function chatLink(row: Pick<LogRow_Serialize, "id" | "entry">): { conversationId: string; messageId: string | null } | null {
  const { conversation_id, message_id } = row.entry;
  return conversation_id ? { conversationId: conversation_id, messageId: message_id } : null;
}

/**
 * What a call answered from the cache saved, ready to show: the dollars its first call cost (null when that was
 * unpriced or free, so it is never shown as "saved $0.00") and the milliseconds it was faster (null when not).
 */
export function cacheSaving(e: Pick<LedgerEntry_Serialize, "cache" | "status" | "saved_cost_usd_micros" | "saved_latency_ms">): { cost: string | null; latencyMs: number | null } {
  const hit = e.cache === "hit" || e.status === "cached";
  if (!hit) return { cost: null, latencyMs: null };
  const micros = e.saved_cost_usd_micros ?? 0;
  const ms = e.saved_latency_ms ?? 0;
  return { cost: micros > 0 ? formatUsd(micros) : null, latencyMs: ms > 0 ? ms : null };
}
