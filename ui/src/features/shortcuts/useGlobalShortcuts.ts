// The shortcuts that work on every screen, also while the cursor is in a text box: Ctrl/⌘+K search.
import { useEffect } from "react";
import { useOverlays } from "../../data/overlays";
import { isModKey } from "../../lib/shortcutKeys";

export function useGlobalShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      if (isModKey(e, "k")) {
        e.preventDefault();
        useOverlays.getState().show("search");
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
