import { useTranslation } from "react-i18next";
import { useNavigation } from "../../data/navigation";

/** What a new user sees instead of empty charts: the next step that makes data appear. */
export function EmptyUsage({ hasProviders }: { hasProviders: boolean }) {
  const { t } = useTranslation();
  const go = useNavigation((s) => s.go);
  if (!hasProviders) {
    return (
      <div className="card empty-card" data-testid="usage-empty-providers">
        <h3>{t("usage.empty.noProvidersTitle")}</h3>
        <p className="muted">{t("usage.empty.noProviders")}</p>
        <div className="row">
          <button className="primary" onClick={() => go("providers")}>
            {t("usage.empty.addProvider")}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="card empty-card" data-testid="usage-empty-calls">
      <h3>{t("usage.empty.noCallsTitle")}</h3>
      <p className="muted">{t("usage.empty.noCalls")}</p>
      <div className="row">
        <button className="primary" onClick={() => go("chat")}>
          {t("usage.empty.openChat")}
        </button>
        <button onClick={() => go("settings")}>{t("usage.empty.openGateway")}</button>
      </div>
    </div>
  );
}
