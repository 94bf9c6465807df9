// The offline queue as the core reports it: what waits, each provider's reachability and the limits; and what the
// person can do to a waiting message. App-wide: the sidebar counts it, the chat pane and the Queue screen show it.
import { create } from "zustand";
import { commands, type ProviderReach_Serialize, type QueueItem_Serialize, type QueueStatus_Serialize } from "../bindings";
import { unwrap, type Typed } from "../lib/api";
import { onCoreEvent } from "./coreEvents";
import { coalesce, LIVE_REFRESH_MS } from "./liveRefresh";

export type QueueItem = QueueItem_Serialize;
export type QueueStatus = QueueStatus_Serialize;
export type ProviderReach = ProviderReach_Serialize;

type QueueState = {
  status: QueueStatus | null;
  /** Items not being sent: the sidebar's count. Set by `queue_changed` at once, and by every load. */
  waiting: number;
  load: () => Promise<void>;
  /** "Send now" for a queued or held item, "Resend" for one that needs a decision. */
  sendNow: (id: string) => Promise<void>;
  cancel: (id: string) => Promise<void>;
  edit: (id: string, text: string) => Promise<void>;
};

/** What the core counts as waiting: every item not being sent. */
export const waitingCount = (items: Pick<QueueItem, "state">[]) => items.filter((i) => i.state !== "sending").length;

// A slow answer to an older load never overwrites a newer one (an action reloads while a live refresh may run).
let latest = 0;

export const useQueue = create<QueueState>((set, get) => {
  /** Runs an action, then reloads whatever happened: a refused action may mean the item moved on meanwhile. */
  const thenReload = async <T,>(action: Promise<Typed<T>>) => {
    try {
      await unwrap(action);
    } finally {
      await get().load().catch(() => {});
    }
  };
  return {
    status: null,
    waiting: 0,
    load: async () => {
      const request = ++latest;
      const status = await unwrap(commands.queueStatus());
      if (request === latest) set({ status, waiting: waitingCount(status.items) });
    },
    sendNow: (id) => thenReload(commands.sendQueuedNow(id)),
    cancel: (id) => thenReload(commands.cancelQueued(id)),
    edit: (id, text) => thenReload(commands.editQueued(id, text)),
  };
});

/** Loads the queue now and again after each burst of queue or connectivity events, until the returned stop. */
export function watchQueue(): () => void {
  const reload = () => void useQueue.getState().load().catch((e) => console.warn("queue status unavailable", e));
  const pending = coalesce(reload, LIVE_REFRESH_MS);
  const off = onCoreEvent((event) => {
    if (event.kind === "queue_changed") {
      useQueue.setState({ waiting: event.waiting });
      pending.trigger();
    } else if (event.kind === "connectivity_changed") {
      pending.trigger();
    }
  });
  reload();
  return () => {
    off();
    pending.cancel();
  };
}
