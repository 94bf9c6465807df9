// `const [ask, dialog] = useConfirm()`: `await ask({…})` opens an in-app confirmation (never window.confirm, which a
// webview shows as "JavaScript - tauri://localhost") and answers whether the person confirmed; render `dialog`.
import { useCallback, useState, type ReactNode } from "react";
import { ConfirmDialog } from "./Dialog";

export type ConfirmAsk = { title: string; message: string; confirmLabel: string };

/** The dialog's test id; its buttons are `${id}-confirm` and `${id}-cancel`. */
export const CONFIRM_TEST_ID = "confirm-dialog";

export function useConfirm(testId = CONFIRM_TEST_ID): [(ask: ConfirmAsk) => Promise<boolean>, ReactNode] {
  const [pending, setPending] = useState<(ConfirmAsk & { answer: (yes: boolean) => void }) | null>(null);
  const ask = useCallback(
    (question: ConfirmAsk) =>
      new Promise<boolean>((resolve) =>
        setPending((open) => {
          open?.answer(false); // a second question replaces the first, which counts as cancelled
          return { ...question, answer: resolve };
        }),
      ),
    [],
  );
  const close = (yes: boolean) => {
    pending?.answer(yes);
    setPending(null);
  };
  const dialog = pending && (
    <ConfirmDialog
      title={pending.title}
      message={pending.message}
      confirmLabel={pending.confirmLabel}
      onConfirm={() => close(true)}
      onCancel={() => close(false)}
      testId={testId}
    />
  );
  return [ask, dialog];
}
