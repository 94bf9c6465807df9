// An in-app modal dialog (never window.confirm, which a webview may not show): Escape or the backdrop closes it,
// focus moves into it when it opens.
import { useEffect, useId, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

export function Dialog({ title, onClose, children, testId, wide }: { title: string; onClose: () => void; children: ReactNode; testId?: string; wide?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    const el = box.current;
    (el?.querySelector<HTMLElement>("[autofocus], input, textarea, select, button.primary, button.danger") ?? el)?.focus();
  }, []);
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={box}
        className={`dialog ${wide ? "wide" : ""}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.stopPropagation();
            onClose();
          }
        }}
        data-testid={testId}
      >
        <h3 id={titleId}>{title}</h3>
        {children}
      </div>
    </div>
  );
}

/** Asks before something that cannot be undone; the confirming button says what it does. */
export function ConfirmDialog({ title, message, confirmLabel, onConfirm, onCancel, testId }: { title: string; message: string; confirmLabel: string; onConfirm: () => void; onCancel: () => void; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Dialog title={title} onClose={onCancel} testId={testId}>
      <p>{message}</p>
      <div className="row end">
        <button onClick={onCancel} data-testid={testId ? `${testId}-cancel` : undefined}>
          {t("dialog.cancel")}
        </button>
        <button className="danger" onClick={onConfirm} data-testid={testId ? `${testId}-confirm` : undefined}>
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
