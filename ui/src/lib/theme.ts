import type { Theme } from "../bindings";

/** The theme to paint: the saved choice, or the system's when set to follow it. */
export function resolveTheme(choice: Theme, systemPrefersDark: boolean): "light" | "dark" {
  if (choice === "system") return systemPrefersDark ? "dark" : "light";
  return choice;
}

export function applyTheme(choice: Theme) {
  const dark = typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
  document.documentElement.dataset.theme = resolveTheme(choice, dark);
}
