// "Import…": a conversation file (JSON, as exported) becomes a new conversation, which opens.
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { toAppError, type AppError } from "../../lib/api";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { readText } from "../../lib/readFile";
import { useChat } from "./store";

export function ImportConversation() {
  const { t } = useTranslation();
  const importConversation = useChat((s) => s.importConversation);
  const picker = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const load = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      await importConversation(await readText(file));
    } catch (e) {
      setError(toAppError(e));
    } finally {
      setBusy(false);
      // The same file can be picked again (after fixing it).
      if (picker.current) picker.current.value = "";
    }
  };
  return (
    <>
      <button className="link small" disabled={busy} onClick={() => picker.current?.click()} title={t("chat.import.hint")} data-testid="import-conversation">
        {t("chat.import.action")}
      </button>
      <input ref={picker} type="file" accept=".json,application/json" hidden onChange={(e) => void load(e.target.files?.[0])} data-testid="import-file" />
      {error && (
        <div className="import-error">
          <ErrorBanner error={error} onDismiss={() => setError(null)} />
        </div>
      )}
    </>
  );
}
