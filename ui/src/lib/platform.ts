// Which modifier the app's shortcuts use: ⌘ on macOS, Ctrl elsewhere.

/** True on macOS (and iOS), from what the webview says it runs on. */
export function isMac(nav: Pick<Navigator, "platform" | "userAgent"> = navigator): boolean {
  return /mac|iphone|ipad|ipod/i.test(nav.platform || nav.userAgent || "");
}

/** The label of the shortcuts' modifier key. */
export const modLabel = (mac = isMac()) => (mac ? "⌘" : "Ctrl");

/** How a shortcut of the modifier and `key` is written: ⌘K on macOS, Ctrl+K elsewhere. */
export const shortcutLabel = (key: string, mac = isMac()) => (mac ? `⌘${key}` : `Ctrl+${key}`);
