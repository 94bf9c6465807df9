// Reading a key press as one of the app's shortcuts.
import { isMac } from "./platform";

type Press = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey" | "isComposing" | "keyCode">;

/** An input method is composing (a Chinese word being typed): its keys are its own, never a shortcut. */
export const composing = (e: Pick<KeyboardEvent, "isComposing" | "keyCode">) => e.isComposing || e.keyCode === 229;

/** ⌘+key on macOS, Ctrl+key elsewhere (no Alt; Shift only where the key needs it, as "?" does). */
export function isModKey(e: Press, key: string, mac = isMac()): boolean {
  if (composing(e) || e.altKey) return false;
  const mod = mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  return mod && e.key.toLowerCase() === key;
}
