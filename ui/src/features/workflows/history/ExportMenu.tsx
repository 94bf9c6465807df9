// Export: the workflow as a YAML or JSON file in the Downloads folder, with or without its history; says where.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { historyApi, type FileFormat } from "../../../data/workflowHistory";
import { toAppError, type AppError } from "../../../lib/api";
import { ErrorBanner } from "../../../lib/ErrorBanner";
import { useEditor } from "../store";

export function ExportMenu() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [withHistory, setWithHistory] = useState(true);
  const [written, setWritten] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  const run = async (format: FileFormat) => {
    const id = useEditor.getState().openId;
    if (!id) return;
    setBusy(true);
    setError(null);
    setWritten(null);
    try {
      await useEditor.getState().flush(); // the file holds the stored draft
      setWritten(await historyApi.exportWorkflow(id, format, withHistory));
    } catch (e) {
      setError(toAppError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="wf-menu">
      <button aria-expanded={open} onClick={() => setOpen(!open)} data-testid="wf-export-open">
        {t("workflows.history.export.open")}
      </button>
      {open && (
        <div className="wf-menu-list wf-export" role="group" aria-label={t("workflows.history.export.open")}>
          <label className="row small">
            <input type="checkbox" checked={withHistory} onChange={(e) => setWithHistory(e.target.checked)} data-testid="wf-export-history" />
            {t("workflows.history.export.withHistory")}
          </label>
          <p className="muted small">{withHistory ? t("workflows.history.export.historyHint") : t("workflows.history.export.draftHint")}</p>
          <span className="row">
            <button disabled={busy} onClick={() => void run("yaml")} data-testid="wf-export-yaml">
              {t("workflows.history.export.yaml")}
            </button>
            <button disabled={busy} onClick={() => void run("json")} data-testid="wf-export-json">
              {t("workflows.history.export.json")}
            </button>
          </span>
          {written && (
            <div className="notice" role="status">
              <span>
                {t("usage.export.written")} <code className="wrap-anywhere" data-testid="wf-export-path">{written}</code>
              </span>
            </div>
          )}
          {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
        </div>
      )}
    </div>
  );
}
