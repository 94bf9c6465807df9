import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, type AppInfo, type Folder } from "../../bindings";
import { toAppError, unwrap, type AppError } from "../../lib/api";
import { ErrorBanner } from "../../lib/ErrorBanner";

function FolderRow({ label, path, folder, testId, onOpen }: { label: string; path: string; folder: Folder; testId: string; onOpen: (f: Folder) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <dt>{label}</dt>
      <dd className="row">
        <code className="path" data-testid={`about-${testId}`}>
          {path}
        </code>
        <button className="link small" onClick={() => onOpen(folder)} data-testid={`open-${testId}`}>
          {t("about.open")}
        </button>
      </dd>
    </>
  );
}

/** Settings → About: versions, system, the data and log folders, and diagnostics to paste into a bug report. */
export function AboutCard({ info }: { info: AppInfo }) {
  const { t } = useTranslation();
  const [error, setError] = useState<AppError | null>(null);
  const [copied, setCopied] = useState(false);
  // Shown to copy by hand when the clipboard cannot be written.
  const [manual, setManual] = useState<string | null>(null);

  const openFolder = (folder: Folder) => {
    setError(null);
    unwrap(commands.openFolder(folder)).catch((e) => setError(toAppError(e)));
  };

  const copyDiagnostics = async () => {
    setError(null);
    setCopied(false);
    let text: string;
    try {
      text = await unwrap(commands.diagnostics());
    } catch (e) {
      setError(toAppError(e));
      return;
    }
    try {
      if (!navigator.clipboard?.writeText) throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
      setManual(null);
      setCopied(true);
    } catch {
      setManual(text);
    }
  };

  return (
    <div className="card" data-testid="about-card">
      <h3>{t("about.title")}</h3>
      <dl className="facts">
        <dt>{t("about.version")}</dt>
        <dd data-testid="about-version">{info.version}</dd>
        <dt>{t("about.tauri")}</dt>
        <dd>{info.tauri_version}</dd>
        <dt>{t("about.webview")}</dt>
        <dd>{info.webview_version ?? t("about.unknown")}</dd>
        <dt>{t("about.os")}</dt>
        <dd>{info.os}</dd>
        <FolderRow label={t("about.dataDir")} path={info.data_dir} folder="data" testId="data-dir" onOpen={openFolder} />
        <FolderRow label={t("about.logDir")} path={info.log_dir} folder="logs" testId="log-dir" onOpen={openFolder} />
      </dl>
      <div className="row">
        <button onClick={() => void copyDiagnostics()} data-testid="copy-diagnostics">
          {t("about.copyDiagnostics")}
        </button>
        {copied && (
          <span className="test-result ok" data-testid="diagnostics-copied">
            {t("about.copied")}
          </span>
        )}
      </div>
      <p className="hint">{t("about.diagnosticsHint")}</p>
      {manual !== null && (
        <label>
          <span className="hint">{t("about.copyByHand")}</span>
          <textarea className="diagnostics" readOnly value={manual} rows={10} onFocus={(e) => e.target.select()} data-testid="diagnostics-text" />
        </label>
      )}
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
    </div>
  );
}
