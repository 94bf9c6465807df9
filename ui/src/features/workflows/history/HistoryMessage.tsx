// The history's last error or notice, the way the editor shows errors: inside the dialog that is open, else under
// the toolbar (`page`).
import { useTranslation } from "react-i18next";
import { ErrorBanner } from "../../../lib/ErrorBanner";
import { useHistoryDialogs } from "./dialogs";
import { useHistory } from "./store";

export function HistoryMessage({ page = false }: { page?: boolean }) {
  const { t } = useTranslation();
  const dialogOpen = useHistoryDialogs((s) => s.dialog !== null);
  const error = useHistory((s) => s.error);
  const notice = useHistory((s) => s.notice);
  const dismiss = useHistory((s) => s.dismiss);
  if (page && dialogOpen) return null;
  return (
    <>
      {error && <ErrorBanner error={error} onDismiss={dismiss} />}
      {notice && (
        <div className="error-banner" role="alert" data-testid="wf-history-notice">
          <div className="error-message">{t(`workflows.history.notice.${notice}`)}</div>
          <button className="link" onClick={dismiss}>
            {t("error.dismiss")}
          </button>
        </div>
      )}
    </>
  );
}
