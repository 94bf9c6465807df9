// Pure logic for a pane's message list while an answer streams.
import type { ChatEvent_Serialize, MessageRecord_Serialize } from "../../bindings";

export type Message = MessageRecord_Serialize;
export type ChatEvent = ChatEvent_Serialize;

/** Applies one streamed event: started adds both turns, delta grows the answer, finished replaces it with the saved one. */
export function applyChatEvent(messages: Message[], event: ChatEvent): Message[] {
  switch (event.kind) {
    case "started":
      return [...messages, event.user_message, event.assistant_message];
    case "delta": {
      const index = findLastIndex(messages, (m) => m.status === "streaming");
      if (index < 0) return messages;
      const next = messages.slice();
      next[index] = { ...next[index], content: next[index].content + event.text };
      return next;
    }
    case "finished":
      return messages.some((m) => m.id === event.message.id)
        ? messages.map((m) => (m.id === event.message.id ? event.message : m))
        : [...messages, event.message];
  }
}

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
