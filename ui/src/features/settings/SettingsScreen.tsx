import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { commands, type ExportFormat, type SubjectKind, type Theme } from "../../bindings";
import { unwrap } from "../../lib/api";
import { LANGUAGES } from "../../i18n";
import { useSettings } from "../../data/settings";
import { AboutCard } from "./AboutCard";
import { CacheSettingsCard } from "./CacheSettingsCard";
import { ChangeHistoryCard } from "./ChangeHistoryCard";
import { HISTORY_PAGE } from "./changeHistory";
import { LedgerSettingsCard } from "./LedgerSettingsCard";
import { QueueSettingsCard } from "./QueueSettingsCard";
import { WorkflowSettingsCard } from "./WorkflowSettingsCard";
import { UpdatesCard } from "./UpdatesCard";
import { UsageSettingsCard } from "./UsageSettingsCard";
import { WindowSettingsCard } from "./WindowSettingsCard";

const loadHistory = (kind: SubjectKind | null, before: number | null) => unwrap(commands.auditLog(kind, before, HISTORY_PAGE));
const exportHistory = (kind: SubjectKind | null, format: ExportFormat) => unwrap(commands.exportAuditLog(kind, format));

const LANGUAGE_NAMES: Record<(typeof LANGUAGES)[number], string> = { en: "English", "zh-CN": "简体中文" };

/** `gateway`: the gateway card, from its own feature (App composes the two). */
export function SettingsScreen({ gateway }: { gateway: ReactNode }) {
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
      {gateway}
      <UsageSettingsCard settings={settings} onSave={update} />
      <LedgerSettingsCard settings={settings} onSave={update} />
      <CacheSettingsCard settings={settings} onSave={update} />
      <QueueSettingsCard settings={settings} onSave={update} />
      <WorkflowSettingsCard settings={settings} onSave={update} />
      <WindowSettingsCard settings={settings} onSave={update} />
      <UpdatesCard settings={settings} onSave={update} version={info?.version ?? null} />
      <ChangeHistoryCard load={loadHistory} onExport={exportHistory} refreshKey={settings} />
      {info && <AboutCard info={info} />}
    </div>
  );
}
