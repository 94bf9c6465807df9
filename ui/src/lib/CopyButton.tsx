import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

/** How long "Copied" shows after a copy. */
export const COPIED_MS = 1500;

/** Copies text (worked out at the click, so it is the latest) and says "Copied" for a moment once it is. */
export function CopyButton({ text, label, testId, className = "link small" }: { text: () => string; label?: string; testId?: string; className?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), COPIED_MS);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text());
      setCopied(true);
    } catch (e) {
      console.warn("Could not copy to the clipboard", e);
    }
  };
  return (
    <button type="button" className={className} onClick={() => void copy()} data-testid={testId} aria-live="polite">
      {copied ? t("copy.copied") : (label ?? t("copy.copy"))}
    </button>
  );
}
