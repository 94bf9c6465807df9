// What closing the window does, as Settings → Window offers it: the setting is null (ask), true (tray) or false (quit).

export const CLOSE_CHOICES = ["ask", "tray", "quit"] as const;
export type CloseChoice = (typeof CLOSE_CHOICES)[number];

export function closeChoice(closeToTray: boolean | null): CloseChoice {
  return closeToTray === null ? "ask" : closeToTray ? "tray" : "quit";
}

export function closeToTray(choice: CloseChoice): boolean | null {
  return choice === "ask" ? null : choice === "tray";
}
