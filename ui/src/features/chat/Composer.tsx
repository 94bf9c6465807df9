import { useState } from "react";
import { useTranslation } from "react-i18next";

type Props = { model: string; busy: boolean; disabled: boolean; onSend: (text: string) => void; onStop: () => void };

export function Composer({ model, busy, disabled, onSend, onStop }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const send = () => {
    if (!text.trim() || busy || disabled) return;
    onSend(text);
    setText("");
  };
  return (
    <div className="composer">
      <textarea
        data-testid="composer-input"
        value={text}
        placeholder={t("chat.placeholder", { model: model || "…" })}
        disabled={disabled}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            send();
          }
        }}
        rows={3}
      />
      {busy ? (
        <button className="danger" onClick={onStop} data-testid="stop">
          {t("chat.stop")}
        </button>
      ) : (
        <button className="primary" onClick={send} disabled={disabled || !text.trim()} data-testid="send">
          {t("chat.send")}
        </button>
      )}
    </div>
  );
}
