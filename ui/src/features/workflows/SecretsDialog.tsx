// Workflow secrets in the keychain, for HTTP headers: add or replace by name, delete; a value is never shown.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { toAppError, type AppError } from "../../lib/api";
import { ConfirmDialog, Dialog } from "../../lib/Dialog";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { useSecrets } from "./secretsStore";

export function SecretsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const names = useSecrets((s) => s.names);
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const [error, setError] = useState<AppError | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  useEffect(() => {
    useSecrets.getState().load().catch((e) => setError(toAppError(e)));
  }, []);
  const run = (p: Promise<void>) => p.then(() => setError(null), (e) => setError(toAppError(e)));
  return (
    <Dialog title={t("workflows.secrets.title")} onClose={onClose} testId="wf-secrets">
      <p className="hint">{t("workflows.secrets.hint")}</p>
      {error && <ErrorBanner error={error} />}
      <ul className="wf-secrets">
        {names.map((n) => (
          <li key={n} className="row spread">
            <code>{n}</code>
            <button className="link danger" onClick={() => setDeleting(n)}>
              {t("workflows.secrets.delete")}
            </button>
          </li>
        ))}
        {names.length === 0 && <li className="muted">{t("workflows.secrets.none")}</li>}
      </ul>
      <form
        className="wf-secret-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!name.trim() || !value) return;
          void run(useSecrets.getState().put(name.trim(), value)).then(() => (setName(""), setValue("")));
        }}
      >
        <label>
          {t("workflows.secrets.name")}
          <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" data-testid="wf-secret-name" />
        </label>
        <label>
          {t("workflows.secrets.value")}
          <input type="password" value={value} onChange={(e) => setValue(e.target.value)} autoComplete="off" data-testid="wf-secret-value" />
        </label>
        <div className="row end">
          <button type="button" onClick={onClose}>
            {t("dialog.close")}
          </button>
          <button type="submit" className="primary" disabled={!name.trim() || !value}>
            {names.includes(name.trim()) ? t("workflows.secrets.replace") : t("workflows.secrets.add")}
          </button>
        </div>
      </form>
      {deleting && (
        <ConfirmDialog
          title={t("workflows.secrets.deleteTitle")}
          message={t("workflows.secrets.confirmDelete", { name: deleting })}
          confirmLabel={t("workflows.secrets.delete")}
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const n = deleting;
            setDeleting(null);
            void run(useSecrets.getState().remove(n));
          }}
        />
      )}
    </Dialog>
  );
}
