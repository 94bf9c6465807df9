import { useState } from "react";
import { useTranslation } from "react-i18next";

type Props = {
  initial: string;
  label: string;
  /** Resolves when saved (the caller then closes the editor); a rejection keeps the text for another try. */
  onSave: (text: string) => Promise<void>;
  onDiscard: () => void;
  /** Test ids: `<testId>-text`, `<testId>-save`, `<testId>-discard`. */
  testId: string;
};

/** A text edited in place: a textarea with Save (only for a changed, non-empty text) and Discard. */
export function InlineTextEdit({ initial, label, onSave, onDiscard, testId }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(initial);
  const [saving, setSaving] = useState(false);
  const changed = text.trim() !== "" && text !== initial;
  const save = async () => {
    setSaving(true);
    try {
      await onSave(text);
    } catch {
      // The caller shows the error; the text stays for another try.
    } finally {
      setSaving(false);
    }
  };
  return (
    <div className="inline-edit">
      <textarea aria-label={label} value={text} rows={3} autoFocus onChange={(e) => setText(e.target.value)} data-testid={`${testId}-text`} />
      <div className="row">
        <button className="primary" disabled={!changed || saving} onClick={() => void save()} data-testid={`${testId}-save`}>
          {t("edit.save")}
        </button>
        <button className="link" onClick={onDiscard} data-testid={`${testId}-discard`}>
          {t("edit.discard")}
        </button>
      </div>
    </div>
  );
}
