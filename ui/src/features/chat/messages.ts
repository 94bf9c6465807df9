// Pure logic for a pane's message list while an answer streams.
import type { ChatEvent_Serialize, MessageRecord_Serialize } from "../../bindings";

export type Message = MessageRecord_Serialize;
export type ChatEvent = ChatEvent_Serialize;

/**
 * Applies one streamed event: started puts both turns in the list, delta grows the answer, finished replaces it
 * with the saved one. A turn the queue sends is already in the list (its question and queued placeholder, same
 * ids), so started and finished replace by id and append only what is not there. A delta grows `answerId` when
 * given (the queue names its answer), else the last streaming answer.
 */
export function applyChatEvent(messages: Message[], event: ChatEvent, answerId?: string): Message[] {
  switch (event.kind) {
    case "started":
      return upsert(upsert(messages, event.user_message), event.assistant_message);
    case "delta": {
      const index = answerId
        ? messages.findIndex((m) => m.id === answerId && m.status === "streaming")
        : findLastIndex(messages, (m) => m.status === "streaming");
      if (index < 0) return messages;
      const next = messages.slice();
      next[index] = { ...next[index], content: next[index].content + event.text };
      return next;
    }
    case "finished":
      return upsert(messages, event.message);
  }
}

function upsert(messages: Message[], message: Message): Message[] {
  return messages.some((m) => m.id === message.id) ? messages.map((m) => (m.id === message.id ? message : m)) : [...messages, message];
}

const arriving = (m: Message) => m.status === "streaming";
const ended = (m: Message) => m.status !== "streaming" && m.status !== "queued";

/**
 * The conversation as saved, reloaded while answers may be arriving: an answer this window is receiving live keeps
 * its local copy until the saved one has ended (the saved text lags behind the stream), and an answer that ended
 * here is not put back to streaming by a snapshot taken before its end. Everything else is as saved.
 */
export function mergeReloaded(local: Message[], saved: Message[]): Message[] {
  const here = new Map(local.map((m) => [m.id, m]));
  return saved.map((s) => {
    const l = here.get(s.id);
    if (!l) return s;
    if (arriving(l) && !ended(s)) return l;
    if (ended(l) && arriving(s)) return l;
    return s;
  });
}

/** Whether the list shows something the queue may still change: a waiting placeholder or an answer arriving. */
export const awaitsQueue = (messages: Message[]) => messages.some((m) => m.status === "queued" || m.status === "streaming");

function findLastIndex<T>(items: T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return i;
  return -1;
}

/** The model to preselect: the last one used with this provider, else its default, else its first listed. */
export function preferredModel(
  provider: { id: string; default_model: string | null; models: string[] } | undefined,
  last: { providerId: string | null; model: string | null },
): string {
  if (!provider) return "";
  if (last.providerId === provider.id && last.model) return last.model;
  return provider.default_model ?? provider.models[0] ?? "";
}
