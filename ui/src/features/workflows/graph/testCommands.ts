// A check every command's test makes.
import { expect } from "vitest";
import type { WorkflowDoc } from "../../../data/workflows";
import type { Command } from "./commands";

/** do → expected; undo → exactly the document before; redo (do again) → exactly the document after. */
export function roundTrip(before: WorkflowDoc, command: Command | null | undefined): WorkflowDoc {
  expect(command).toBeTruthy();
  const frozen = structuredClone(before);
  const after = command!.do(before);
  expect(after).not.toEqual(frozen);
  expect(before).toEqual(frozen); // do never mutates its input
  const undone = command!.undo(after);
  expect(undone).toEqual(frozen);
  expect(command!.do(undone)).toEqual(after);
  return after;
}
