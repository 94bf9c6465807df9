import type { Theme } from "../bindings";

/** Where the last applied choice is kept, for public/theme-init.js to paint the next start before the app loads. */
export const THEME_KEY = "switchyard.theme";

/** The theme to paint: the saved choice, or the system's when set to follow it. */
export function resolveTheme(choice: Theme, systemPrefersDark: boolean): "light" | "dark" {
  if (choice === "system") return systemPrefersDark ? "dark" : "light";
  return choice;
}

/** The choice applied last on this machine ("system" when none is known yet). */
export function savedTheme(): Theme {
  try {
    const saved = localStorage.getItem(THEME_KEY);
    return saved === "light" || saved === "dark" || saved === "system" ? saved : "system";
  } catch {
    return "system";
  }
}

export function applyTheme(choice: Theme) {
  const dark = typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
  document.documentElement.dataset.theme = resolveTheme(choice, dark);
  try {
    localStorage.setItem(THEME_KEY, choice);
  } catch {
    // without storage the next start follows the system until the settings load
  }
}
