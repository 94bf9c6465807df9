import { describe, expect, it } from "vitest";
import type { Preset } from "../../bindings";
import { emptyForm, formFromProvider, toInput, validate } from "./form";

const deepseek: Preset = { id: "deepseek", name: "DeepSeek", base_url: "https://api.deepseek.com/v1", needs_key: true, wire: "open_ai", models: ["deepseek-chat"] };
const custom: Preset = { id: "custom", name: "Custom", base_url: "", needs_key: false, wire: "open_ai", models: [] };

describe("provider form", () => {
  it("starts from the preset and requires a key where the preset does", () => {
    const form = emptyForm(deepseek);
    expect(form).toMatchObject({ name: "DeepSeek", baseUrl: "https://api.deepseek.com/v1", defaultModel: "deepseek-chat" });
    expect(validate(form, deepseek)).toEqual(["apiKey"]);
    expect(validate({ ...form, apiKey: "sk-x" }, deepseek)).toEqual([]);
  });

  it("requires an http(s) base URL and named headers for custom providers", () => {
    const form = emptyForm(custom);
    expect(validate(form, custom)).toEqual(["baseUrl"]);
    const withHeader = { ...form, baseUrl: "http://127.0.0.1:4010/v1", headers: [{ name: " ", value: "v" }] };
    expect(validate(withHeader, custom)).toEqual(["header"]);
  });

  it("keeps, replaces or removes the stored key, and never pre-fills it", () => {
    const stored = formFromProvider({
      id: "p", name: "DS", preset: "deepseek", base_url: "https://api.deepseek.com/v1", has_key: true,
      extra_headers: [], default_model: null, models: [], created_at: 1, updated_at: 1,
    });
    expect(stored.apiKey).toBe("");
    expect(validate(stored, deepseek)).toEqual([]);
    expect(toInput(stored).api_key).toBeNull();
    expect(toInput({ ...stored, apiKey: "  sk-new " }).api_key).toBe("sk-new");
    expect(toInput({ ...stored, removeKey: true }).api_key).toBe("");
    expect(validate({ ...stored, removeKey: true }, deepseek)).toEqual(["apiKey"]);
  });
});
