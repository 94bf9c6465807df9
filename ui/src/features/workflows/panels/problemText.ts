import type { TFunction } from "i18next";
import type { ShownProblem } from "../problems";

/** A problem in the person's language: its code's sentence with what it names. */
export function problemText(t: TFunction, p: ShownProblem): string {
  return t(`workflows.problem.${p.code}`, { subject: p.subject });
}
