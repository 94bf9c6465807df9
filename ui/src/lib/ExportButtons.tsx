import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ExportFormat } from "../bindings";
import { toAppError, type AppError } from "./api";
import { ErrorBanner } from "./ErrorBanner";

/** Exports what the filters show; the core writes the file and says where. */
export function ExportButtons({ onExport }: { onExport: (format: ExportFormat) => Promise<string> }) {
  const { t } = useTranslation();
  const [written, setWritten] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const run = async (format: ExportFormat) => {
    setBusy(true);
    setError(null);
    try {
      setWritten(await onExport(format));
    } catch (e) {
      setError(toAppError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <span className="row">
        <button disabled={busy} onClick={() => void run("csv")} data-testid="export-csv">
          {t("usage.export.csv")}
        </button>
        <button disabled={busy} onClick={() => void run("json")} data-testid="export-json">
          {t("usage.export.json")}
        </button>
      </span>
      {written && (
        <div className="notice" role="status" data-testid="export-notice">
          <span>
            {t("usage.export.written")} <code className="wrap-anywhere">{written}</code>
          </span>
          <button className="link" onClick={() => setWritten(null)}>
            {t("error.dismiss")}
          </button>
        </div>
      )}
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
    </>
  );
}
