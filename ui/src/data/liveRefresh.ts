// Screens that mirror the ledger (the usage dashboard, the cache card in Settings) refetch when the core says usage
// changed. Bursts (a streaming chat, a busy gateway client) fold into one refetch: the first event of a burst starts
// the wait, later ones join it without restarting it, so a steady stream of events still refreshes every `waitMs`
// instead of never.

/** How long a burst of usage_changed events is collected before one refetch. */
export const LIVE_REFRESH_MS = 750;

export type Coalescer = { trigger: () => void; cancel: () => void };

export function coalesce(run: () => void, waitMs: number): Coalescer {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    trigger: () => {
      if (timer !== null) return;
      timer = setTimeout(() => {
        timer = null;
        run();
      }, waitMs);
    },
    cancel: () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
