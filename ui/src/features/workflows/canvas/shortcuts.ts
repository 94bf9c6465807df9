// The editor's keyboard shortcuts, as a pure mapping from a key event to an action, so they can be tested.
export type Shortcut = "delete" | "undo" | "redo" | "copy" | "cut" | "paste" | "select_all" | "deselect";

type KeyLike = { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean; target: EventTarget | null };

/** Whether the key goes to a field being typed in (then no shortcut fires). */
export function isTyping(target: EventTarget | null): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== "string") return false;
  const el = target as HTMLElement;
  const tag = el.tagName.toLowerCase();
  return tag === "input" || tag === "textarea" || tag === "select" || el.isContentEditable;
}

export function shortcutFor(e: KeyLike): Shortcut | null {
  if (isTyping(e.target) || e.altKey) return null;
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (!mod) {
    if (e.key === "Delete" || e.key === "Backspace") return "delete";
    if (e.key === "Escape") return "deselect";
    return null;
  }
  if (key === "z") return e.shiftKey ? "redo" : "undo";
  if (key === "y" && e.ctrlKey && !e.shiftKey) return "redo";
  if (e.shiftKey) return null;
  if (key === "c") return "copy";
  if (key === "x") return "cut";
  if (key === "v") return "paste";
  if (key === "a") return "select_all";
  return null;
}
