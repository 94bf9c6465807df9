// The undo and redo stacks of named commands. The document itself lives in the editor store; these functions only
// say which command to run and how the stacks change.
import type { Command } from "./commands";

export type History = { past: Command[]; future: Command[]; lastAt: number };
export const EMPTY_HISTORY: History = { past: [], future: [], lastAt: 0 };

/** How many steps are kept; the oldest fall off. */
export const HISTORY_LIMIT = 200;
/** Commands with the same merge key closer together than this are one step (typing a word in a field). */
export const MERGE_WINDOW_MS = 1000;

/** The stacks after `command` ran: it becomes the newest step (merged into the last one when it may) and redo is gone. */
export function record(history: History, command: Command, now: number): History {
  const last = history.past[history.past.length - 1];
  if (last?.mergeKey && last.mergeKey === command.mergeKey && now - history.lastAt < MERGE_WINDOW_MS) {
    const merged = last.merge?.(command);
    if (merged) return { past: [...history.past.slice(0, -1), merged], future: [], lastAt: now };
  }
  return { past: [...history.past, command].slice(-HISTORY_LIMIT), future: [], lastAt: now };
}

export function undoStep(history: History): { command: Command; history: History } | null {
  const command = history.past[history.past.length - 1];
  if (!command) return null;
  return { command, history: { past: history.past.slice(0, -1), future: [...history.future, command], lastAt: 0 } };
}

export function redoStep(history: History): { command: Command; history: History } | null {
  const command = history.future[history.future.length - 1];
  if (!command) return null;
  return { command, history: { past: [...history.past, command], future: history.future.slice(0, -1), lastAt: 0 } };
}
