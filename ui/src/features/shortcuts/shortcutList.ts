// Every keyboard shortcut of the app, as the shortcuts sheet lists them. `mod`: ⌘ on macOS, Ctrl elsewhere.
export type Shortcut = { id: string; keys: (mod: string) => string[] };

export const SHORTCUTS = [
  { id: "send", keys: () => ["Enter"] },
  { id: "newLine", keys: () => ["Shift", "Enter"] },
  { id: "newChat", keys: (mod: string) => [mod, "N"] },
  { id: "comparePane", keys: (mod: string) => [mod, "\\"] },
  { id: "search", keys: (mod: string) => [mod, "K"] },
  { id: "stop", keys: () => ["Esc"] },
  { id: "editLast", keys: () => ["↑"] },
  { id: "shortcuts", keys: (mod: string) => [mod, "/"] },
] as const satisfies readonly Shortcut[];

export const SHORTCUT_IDS = SHORTCUTS.map((s) => s.id);
