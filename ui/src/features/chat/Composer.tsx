import { useState, type Ref } from "react";
import { useTranslation } from "react-i18next";
import { composing } from "../../lib/shortcutKeys";

type Props = {
  model: string;
  busy: boolean;
  disabled: boolean;
  /** `later`: "Send later", kept in the queue until the person says send now. */
  onSend: (text: string, later: boolean) => void;
  onStop: () => void;
  /** The text box, so the screen can give it focus back (after Stop, after New chat). */
  inputRef?: Ref<HTMLTextAreaElement>;
  /** ↑ in the empty box: edit the last question. Says whether there was one to edit. */
  onEditLast?: () => boolean;
};

/**
 * Enter sends; Shift+Enter is a new line; ↑ in the empty box edits the last question; "Send later" queues the
 * message without trying it; Esc (the screen) stops. No key acts while an input method composes.
 */
export function Composer({ model, busy, disabled, onSend, onStop, inputRef, onEditLast }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const send = (later: boolean) => {
    if (!text.trim() || busy || disabled) return;
    onSend(text, later);
    setText("");
  };
  return (
    <div className="composer">
      <textarea
        ref={inputRef}
        data-testid="composer-input"
        value={text}
        placeholder={t("chat.placeholder", { model: model || "…" })}
        disabled={disabled}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (composing(e.nativeEvent)) return;
          if (e.key === "Enter" && !e.shiftKey) {
            e.preventDefault();
            send(false);
          }
          const plain = !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey;
          if (e.key === "ArrowUp" && plain && text === "" && onEditLast?.()) e.preventDefault();
        }}
        rows={3}
      />
      {busy ? (
        <button className="danger" onClick={onStop} data-testid="stop">
          {t("chat.stop")}
        </button>
      ) : (
        <div className="composer-actions">
          <button className="primary" onClick={() => send(false)} disabled={disabled || !text.trim()} data-testid="send">
            {t("chat.send")}
          </button>
          <button onClick={() => send(true)} disabled={disabled || !text.trim()} title={t("chat.sendLaterHint")} data-testid="send-later">
            {t("chat.sendLater")}
          </button>
        </div>
      )}
    </div>
  );
}
