import { useState } from "react";
import { useTranslation } from "react-i18next";

type Props = {
  text: string;
  onSend: (text: string) => void;
  onCancel: () => void;
};

/** A question edited in place: sending it starts a new branch beside the original, which is kept. */
export function MessageEditor({ text, onSend, onCancel }: Props) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(text);
  const changed = draft.trim() !== "" && draft !== text;
  return (
    <div className="message-editor">
      <textarea
        autoFocus
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.stopPropagation();
            onCancel();
          }
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing && changed) {
            e.preventDefault();
            onSend(draft);
          }
        }}
        data-testid="message-edit-input"
      />
      <div className="message-editor-actions">
        <span className="muted small">{t("chat.edit.hint")}</span>
        <button onClick={onCancel} data-testid="message-edit-cancel">
          {t("chat.cancel")}
        </button>
        <button className="primary" disabled={!changed} onClick={() => onSend(draft)} data-testid="message-edit-send">
          {t("chat.edit.send")}
        </button>
      </div>
    </div>
  );
}
