// The request log as pages of ledger rows, newest first.
import type { LogRow_Serialize } from "../../bindings";

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
export function chatLink(row: LogRow_Serialize): { conversationId: string; messageId: string | null } | null {
  const { conversation_id, message_id } = row.entry;
  return conversation_id ? { conversationId: conversation_id, messageId: message_id } : null;
}
