import { create } from "zustand";
import { commands, type AppInfo, type Settings_Serialize } from "../bindings";
import i18n, { systemLanguage } from "../i18n";
import { unwrap } from "../lib/api";
import { applyTheme } from "../lib/theme";

type SettingsState = {
  settings: Settings_Serialize | null;
  info: AppInfo | null;
  load: () => Promise<void>;
  update: (patch: Partial<Settings_Serialize>) => Promise<void>;
};

function apply(s: Settings_Serialize) {
  void i18n.changeLanguage(s.language ?? systemLanguage());
  document.documentElement.lang = s.language ?? systemLanguage();
  applyTheme(s.theme);
}

export const useSettings = create<SettingsState>((set, get) => ({
  settings: null,
  info: null,
  load: async () => {
    const [settings, info] = await Promise.all([unwrap(commands.getSettings()), commands.appInfo()]);
    apply(settings);
    set({ settings, info });
  },
  update: async (patch) => {
    const current = get().settings;
    if (!current) return;
    const saved = await unwrap(commands.updateSettings({ ...current, ...patch }));
    apply(saved);
    set({ settings: saved });
  },
}));
