// The provider form's state and its translation into what the core accepts.
import type { HeaderPair, Preset, ProviderInput_Deserialize } from "../../bindings";
import type { Provider } from "../../data/providers";

export type ProviderForm = {
  id: string | null;
  preset: string;
  name: string;
  baseUrl: string;
  /** What the person typed; empty means "keep the stored key". Never filled from the core. */
  apiKey: string;
  removeKey: boolean;
  headers: HeaderPair[];
  defaultModel: string;
  hasStoredKey: boolean;
};

export type FormProblem = "baseUrl" | "apiKey" | "header";

export function emptyForm(preset: Preset): ProviderForm {
  return {
    id: null,
    preset: preset.id,
    name: preset.base_url === "" ? "" : preset.name,
    baseUrl: preset.base_url,
    apiKey: "",
    removeKey: false,
    headers: [],
    defaultModel: preset.models[0] ?? "",
    hasStoredKey: false,
  };
}

export function formFromProvider(p: Provider): ProviderForm {
  return {
    id: p.id,
    preset: p.preset,
    name: p.name,
    baseUrl: p.base_url,
    apiKey: "",
    removeKey: false,
    headers: p.extra_headers,
    defaultModel: p.default_model ?? "",
    hasStoredKey: p.has_key,
  };
}

export function validate(form: ProviderForm, preset: Preset | undefined): FormProblem[] {
  const problems: FormProblem[] = [];
  if (!/^https?:\/\/\S+$/.test(form.baseUrl.trim())) problems.push("baseUrl");
  const willHaveKey = form.apiKey.trim() !== "" || (form.hasStoredKey && !form.removeKey);
  if (preset?.needs_key && !willHaveKey) problems.push("apiKey");
  if (form.headers.some((h) => h.name.trim() === "")) problems.push("header");
  return problems;
}

export function toInput(form: ProviderForm): ProviderInput_Deserialize {
  const typed = form.apiKey.trim();
  return {
    id: form.id,
    name: form.name.trim(),
    preset: form.preset,
    base_url: form.baseUrl.trim(),
    // null keeps the stored key, "" removes it, anything else replaces it.
    api_key: typed !== "" ? typed : form.removeKey ? "" : null,
    extra_headers: form.headers.map((h) => ({ name: h.name.trim(), value: h.value })),
    default_model: form.defaultModel.trim() || null,
  };
}
