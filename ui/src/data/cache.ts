// What the response cache keeps and what it saved (Settings shows it), and clearing it.
import { create } from "zustand";
import { commands, type CacheClear, type CacheStats } from "../bindings";
import { unwrap } from "../lib/api";

type CacheState = {
  stats: CacheStats | null;
  load: () => Promise<void>;
  /** Deletes what `which` selects, then reloads the stats; resolves with how many answers went. */
  clear: (which: CacheClear) => Promise<number>;
};

// A slow answer to an older load never overwrites a newer one (a clear reloads while a live refresh may be running).
let latest = 0;

export const useCache = create<CacheState>((set, get) => ({
  stats: null,
  load: async () => {
    const request = ++latest;
    const stats = await unwrap(commands.cacheStats());
    if (request === latest) set({ stats });
  },
  clear: async (which) => {
    const gone = await unwrap(commands.clearCache(which));
    await get().load();
    return gone;
  },
}));
