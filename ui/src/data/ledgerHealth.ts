// Whether usage (ledger) rows are being saved, as the core reports it. App-wide: the banner above every screen.
import { create } from "zustand";
import { commands, type LedgerHealth_Serialize } from "../bindings";
import { onCoreEvent } from "./coreEvents";
import { coalesce, LIVE_REFRESH_MS } from "./liveRefresh";

export type LedgerHealth = LedgerHealth_Serialize;

/** How often the counts are refreshed while writes fail (the core announces only the start and the end). */
export const LEDGER_POLL_MS = 5000;

type LedgerHealthState = {
  health: LedgerHealth | null;
  /** The dropped count the person last dismissed; the banner comes back only when more are dropped. */
  dismissedDropped: number;
  load: () => Promise<void>;
  dismissDropped: () => void;
};

// A slow answer to an older load never overwrites a newer one (the event and the timer may overlap).
let latest = 0;

export const useLedgerHealth = create<LedgerHealthState>((set, get) => ({
  health: null,
  dismissedDropped: 0,
  load: async () => {
    const request = ++latest;
    const health = await commands.ledgerHealth();
    if (request === latest) set({ health });
  },
  dismissDropped: () => set({ dismissedDropped: get().health?.dropped ?? 0 }),
}));

export const isFailing = (h: LedgerHealth | null) => h?.failing != null;

/** Shown while writes fail, or when rows were dropped that the person has not dismissed yet. */
export function needsAttention({ health, dismissedDropped }: Pick<LedgerHealthState, "health" | "dismissedDropped">) {
  return health != null && (health.failing != null || health.dropped > dismissedDropped);
}

/** Loads now, on every ledger_health_changed, and while failing also on usage_changed and every `pollMs`. */
export function watchLedgerHealth(pollMs = LEDGER_POLL_MS): () => void {
  // Outside the Tauri window there is no command to call (load is async, so that too is a rejection, not a throw).
  const reload = () => void useLedgerHealth.getState().load().catch((e) => console.warn("ledger health unavailable", e));
  const usage = coalesce(reload, LIVE_REFRESH_MS);
  let timer: ReturnType<typeof setInterval> | null = null;
  const stopTimer = () => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
  const followHealth = () => {
    if (!isFailing(useLedgerHealth.getState().health)) stopTimer();
    else if (timer === null) timer = setInterval(reload, pollMs);
  };
  const unsubscribe = useLedgerHealth.subscribe(followHealth);
  const off = onCoreEvent((event) => {
    if (event.kind === "ledger_health_changed") reload();
    else if (event.kind === "usage_changed" && isFailing(useLedgerHealth.getState().health)) usage.trigger();
  });
  followHealth();
  reload();
  return () => {
    off();
    unsubscribe();
    usage.cancel();
    stopTimer();
  };
}
