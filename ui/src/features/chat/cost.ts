// What a conversation has cost so far, for the pane's toolbar.
import type { ConversationCost } from "../../bindings";
import { formatUsd } from "../../lib/money";

export type ConversationTotal = { total: string; unpriced: number };

/** Null until an answer was written; unpriced answers are counted beside the total, never as $0. */
export function conversationTotal(cost: ConversationCost | null): ConversationTotal | null {
  if (!cost || cost.priced_answers + cost.unpriced_answers === 0) return null;
  return { total: formatUsd(cost.usd_micros), unpriced: cost.unpriced_answers };
}
