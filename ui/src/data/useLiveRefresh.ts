import { useEffect } from "react";
import { onCoreEvent } from "./coreEvents";
import { coalesce, LIVE_REFRESH_MS } from "./liveRefresh";

/** Calls `refresh` once per burst of usage_changed events while the screen is open. */
export function useLiveRefresh(refresh: () => void) {
  useEffect(() => {
    const pending = coalesce(refresh, LIVE_REFRESH_MS);
    const off = onCoreEvent((e) => {
      if (e.kind === "usage_changed") pending.trigger();
    });
    return () => {
      off();
      pending.cancel();
    };
  }, [refresh]);
}
