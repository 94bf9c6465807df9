// The history's keyboard shortcuts: Ctrl+Shift+S commits, Ctrl+Shift+B opens the branch switcher (Cmd on a Mac).
import { isTyping } from "../canvas/shortcuts";

export type HistoryShortcut = "commit" | "branches";

type KeyLike = { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean; target: EventTarget | null };

export function historyShortcutFor(e: KeyLike): HistoryShortcut | null {
  if (isTyping(e.target) || e.altKey || !e.shiftKey || !(e.ctrlKey || e.metaKey)) return null;
  const key = e.key.toLowerCase();
  if (key === "s") return "commit";
  if (key === "b") return "branches";
  return null;
}
