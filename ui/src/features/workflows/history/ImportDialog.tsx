// Import: a workflow file (YAML or JSON, pasted or picked) becomes a new workflow, with its history if it has
// one, and opens. A file the core cannot read is refused whole, with the reason.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { historyApi } from "../../../data/workflowHistory";
import { toAppError, type AppError } from "../../../lib/api";
import { Dialog } from "../../../lib/Dialog";
import { ErrorBanner } from "../../../lib/ErrorBanner";
import { useEditor } from "../store";

/** A picked file's text (FileReader: every webview has it). */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ""));
    reader.onerror = () => reject(reader.error ?? new Error("The file could not be read."));
    reader.readAsText(file);
  });
}

export function ImportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    try {
      setText(await readText(file));
    } catch (e) {
      setError(toAppError(e));
    }
  };

  const submit = async () => {
    if (!text.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      const w = await historyApi.importWorkflow(text);
      await useEditor.getState().flush(); // the workflow open now keeps its waiting edit
      useEditor.getState().adopt(w);
      onClose();
    } catch (e) {
      setError(toAppError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t("workflows.history.import.title")} onClose={onClose} testId="wf-import-dialog" wide>
      <p className="small">{t("workflows.history.import.hint")}</p>
      <label className="field">
        <span>{t("workflows.history.import.file")}</span>
        <input type="file" accept=".yaml,.yml,.json,application/json,text/yaml" onChange={(e) => void readFile(e.target.files?.[0])} data-testid="wf-import-file" />
      </label>
      <label className="field">
        <span>{t("workflows.history.import.text")}</span>
        <textarea rows={12} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} data-testid="wf-import-text" />
      </label>
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
      <div className="row end">
        <button onClick={onClose}>{t("dialog.cancel")}</button>
        <button className="primary" disabled={!text.trim() || busy} onClick={() => void submit()} data-testid="wf-import-submit">
          {t("workflows.history.import.submit")}
        </button>
      </div>
    </Dialog>
  );
}
