import type { TFunction } from "i18next";

/**
 * An error's message in the UI's language. Core writes its messages in English (with details such as an HTTP
 * status); in English they are shown as written, in another language a code with a translation (`errorCodes.*`)
 * is shown translated, and any other as core wrote it.
 */
export function errorText(t: TFunction, language: string, error: { code: string; message: string }): string {
  if (language.startsWith("en")) return error.message;
  return t(`errorCodes.${error.code}`, { defaultValue: error.message });
}
