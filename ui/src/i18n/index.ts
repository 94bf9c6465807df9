import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";
import zhCN from "./zh-CN.json";

export const LANGUAGES = ["en", "zh-CN"] as const;
export type Language = (typeof LANGUAGES)[number];
export const resources = { en: { translation: en }, "zh-CN": { translation: zhCN } } as const;

/** The shipped language closest to the system's preference list. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith("zh")) return "zh-CN";
    if (lower.startsWith("en")) return "en";
  }
  return "en";
}

export function systemLanguage(): Language {
  return pickLanguage(typeof navigator === "undefined" ? [] : navigator.languages ?? [navigator.language]);
}

void i18next.use(initReactI18next).init({
  resources,
  lng: systemLanguage(),
  fallbackLng: "en",
  interpolation: { escapeValue: false },
});

export default i18next;
