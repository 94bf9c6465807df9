// The shortcuts that work on every screen, also while the cursor is in a text box (the composer): Ctrl/⌘+K search,
// Ctrl/⌘+N new chat, Ctrl/⌘+\ a compare pane, Ctrl/⌘+/ the list of shortcuts. None fires while an input method composes.
import { useEffect } from "react";
import { useNavigation } from "../../data/navigation";
import { useOverlays } from "../../data/overlays";
import { isModKey } from "../../lib/shortcutKeys";

export function useGlobalShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const overlays = useOverlays.getState();
      if (isModKey(e, "k")) {
        e.preventDefault();
        overlays.show("search");
      } else if (isModKey(e, "/")) {
        e.preventDefault();
        overlays.show("shortcuts");
      } else if (isModKey(e, "n") || isModKey(e, "\\")) {
        e.preventDefault();
        // A question another dialog asks (delete?) is answered first; search and the shortcuts sheet just close.
        if (!overlays.open && document.querySelector('[role="dialog"]')) return;
        overlays.close();
        if (e.key === "\\") useNavigation.getState().askComparePane();
        else useNavigation.getState().askNewChat();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
