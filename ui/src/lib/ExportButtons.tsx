import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ExportFormat } from "../bindings";
import { toAppError, type AppError } from "./api";
import { ErrorBanner } from "./ErrorBanner";

/** One button: the format it writes, its label's translation key, its test id. */
export type ExportOption<F extends string> = { format: F; label: string; testId: string };

/** What a table (the usage log, the change history) exports as. */
export const TABLE_EXPORTS: ExportOption<ExportFormat>[] = [
  { format: "csv", label: "usage.export.csv", testId: "export-csv" },
  { format: "json", label: "usage.export.json", testId: "export-json" },
];

/** Exports in one of `options`; the core writes the file and says where, and the path is shown. */
export function ExportButtons<F extends string>({ options, onExport }: { options: ExportOption<F>[]; onExport: (format: F) => Promise<string> }) {
  const { t } = useTranslation();
  const [written, setWritten] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const run = async (format: F) => {
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
        {options.map((o) => (
          <button key={o.format} disabled={busy} onClick={() => void run(o.format)} data-testid={o.testId}>
            {t(o.label)}
          </button>
        ))}
      </span>
      {written && (
        <div className="notice" role="status" data-testid="export-notice">
          <span>
            {t("usage.export.written")} <code className="wrap-anywhere" data-testid="export-path">{written}</code>
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
