import { useTranslation } from "react-i18next";
import type { AppError } from "./api";
import { errorText } from "./errorText";

/** Shows an error the way every screen does: readable message, code and trace id. */
export function ErrorBanner({ error, onDismiss }: { error: AppError; onDismiss?: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="error-banner" role="alert" data-testid="error-banner">
      <div className="error-message">{errorText(t, i18n.language, error)}</div>
      <div className="error-meta">
        <span>
          {t("error.code")}: <code>{error.code}</code>
        </span>
        {error.trace_id && (
          <span>
            {t("error.trace")}: <code data-testid="trace-id">{error.trace_id}</code>
          </span>
        )}
      </div>
      {onDismiss && (
        <button className="link" onClick={onDismiss}>
          {t("error.dismiss")}
        </button>
      )}
    </div>
  );
}
