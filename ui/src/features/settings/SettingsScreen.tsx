import { useTranslation } from "react-i18next";
import type { Theme } from "../../bindings";
import { LANGUAGES } from "../../i18n";
import { GatewayCard } from "../gateway/GatewayCard";
import { useSettings } from "./store";
import { UsageSettingsCard } from "./UsageSettingsCard";

const LANGUAGE_NAMES: Record<(typeof LANGUAGES)[number], string> = { en: "English", "zh-CN": "简体中文" };

export function SettingsScreen() {
  const { t } = useTranslation();
  const { settings, info, update } = useSettings();
  if (!settings) return null;
  return (
    <div className="page medium">
      <h2>{t("settings.title")}</h2>
      <div className="card">
        <label>
          {t("settings.language")}
          <select
            data-testid="language-select"
            value={settings.language ?? ""}
            onChange={(e) => void update({ language: e.target.value || null })}
          >
            <option value="">{t("settings.languageSystem")}</option>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("settings.theme")}
          <select data-testid="theme-select" value={settings.theme} onChange={(e) => void update({ theme: e.target.value as Theme })}>
            <option value="system">{t("settings.themeSystem")}</option>
            <option value="light">{t("settings.themeLight")}</option>
            <option value="dark">{t("settings.themeDark")}</option>
          </select>
        </label>
      </div>
      <GatewayCard />
      <UsageSettingsCard settings={settings} onSave={update} />
      {info && (
        <dl className="card facts">
          <dt>{t("settings.version")}</dt>
          <dd>{info.version}</dd>
          <dt>{t("settings.dataDir")}</dt>
          <dd>
            <code>{info.data_dir}</code>
          </dd>
        </dl>
      )}
    </div>
  );
}
