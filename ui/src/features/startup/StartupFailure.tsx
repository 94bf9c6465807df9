import { useTranslation } from "react-i18next";
import type { AppError } from "../../lib/api";
import { ErrorBanner } from "../../lib/ErrorBanner";

/** The whole window when the app could not open its data: nothing else would work, so nothing else is shown. */
export function StartupFailure({ error }: { error: AppError }) {
  const { t } = useTranslation();
  return (
    <main className="startup-failure" data-testid="startup-failure">
      <div className="startup-failure-box">
        <img src="/icon.png" alt="" width={48} height={48} />
        <h1>{t("startup.title")}</h1>
        <ErrorBanner error={error} />
        <p className="muted">{t("startup.hint")}</p>
      </div>
    </main>
  );
}
