// Keeps the open conversation in step with the offline queue, whichever screen is showing: answers the queue sends
// stream into it, and when the queue changes it is reloaded if something in it waits (an answer may have been sent
// while its events were missed).
import { onCoreEvent } from "../../data/coreEvents";
import { coalesce, LIVE_REFRESH_MS } from "../../data/liveRefresh";
import { onQueuedChat } from "../../data/queuedChatEvents";
import { paneStores } from "./compare";

export function watchQueuedChat(): () => void {
  // Each pane applies what is about its own conversation.
  const offChat = onQueuedChat((event) => paneStores().forEach((store) => store.getState().applyQueued(event)));
  const pending = coalesce(() => paneStores().forEach((store) => void store.getState().reloadIfWaiting()), LIVE_REFRESH_MS);
  const offCore = onCoreEvent((event) => {
    if (event.kind === "queue_changed") pending.trigger();
  });
  return () => {
    offChat();
    offCore();
    pending.cancel();
  };
}
