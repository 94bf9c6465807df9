// One listener on the chat events of turns the offline queue sends, fanned out to whoever subscribes (the chat).
import { events, type PaneEvent_Serialize } from "../bindings";

export type QueuedChatEvent = PaneEvent_Serialize;
type Handler = (event: QueuedChatEvent) => void;
type Source = { listen: (cb: (e: { payload: QueuedChatEvent }) => void) => Promise<() => void> };

const handlers = new Set<Handler>();

export function onQueuedChat(handler: Handler): () => void {
  handlers.add(handler);
  return () => void handlers.delete(handler);
}

export function dispatchQueuedChat(event: QueuedChatEvent) {
  for (const handler of [...handlers]) handler(event);
}

/** Starts listening; outside the Tauri window (tests, a plain browser) there is nothing to listen to. */
export async function startQueuedChat(source: Source = events.queuedChat): Promise<() => void> {
  try {
    return await source.listen((e) => dispatchQueuedChat(e.payload));
  } catch (e) {
    console.warn("queued chat events unavailable", e);
    return () => {};
  }
}
