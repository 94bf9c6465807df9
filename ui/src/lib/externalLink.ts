// Links from outside content (a model's answer) open in the system browser, never in the app's webview.
import { openUrl } from "@tauri-apps/plugin-opener";

const OPENABLE = new Set(["http:", "https:", "mailto:"]);

/** The absolute http(s) or mailto URL a link points at, or null for anything else (relative, file:, javascript:…). */
export function openableUrl(href: string | null | undefined): string | null {
  if (!href) return null;
  try {
    const url = new URL(href);
    return OPENABLE.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** Opens the link in the system's browser (or mail client); answers whether it was handed over. */
export async function openExternal(href: string | null | undefined): Promise<boolean> {
  const url = openableUrl(href);
  if (!url) return false;
  try {
    await openUrl(url);
    return true;
  } catch (e) {
    console.warn("The link could not be opened in the browser", e);
    return false;
  }
}
