import { describe, expect, it } from "vitest";
import { exampleModel, KEY_PLACEHOLDER, MODEL_PLACEHOLDER, snippets } from "./snippets";

describe("gateway snippets", () => {
  it("point each client at the right path with the key", () => {
    const s = snippets("http://127.0.0.1:9000", "sy-abc");
    expect(s.openai).toContain('base_url="http://127.0.0.1:9000/v1"');
    expect(s.anthropic).toContain('base_url="http://127.0.0.1:9000"');
    expect(s.anthropic).not.toContain("9000/v1");
    expect(s.claudeCode).toContain("ANTHROPIC_BASE_URL=http://127.0.0.1:9000\n");
    for (const text of Object.values(s)) expect(text).toContain("sy-abc");
  });

  it("use placeholders when no fresh key or model is at hand", () => {
    expect(snippets("http://127.0.0.1:8765").openai).toContain(KEY_PLACEHOLDER);
    expect(snippets("http://127.0.0.1:8765").openai).toContain(MODEL_PLACEHOLDER);
  });

  it("name a model the gateway resolves", () => {
    expect(exampleModel([])).toBe(MODEL_PLACEHOLDER);
    expect(exampleModel([{ name: "x", default_model: null, models: [] }, { name: "ds", default_model: null, models: ["deepseek-chat"] }])).toBe("ds/deepseek-chat");
    expect(exampleModel([{ name: "oa", default_model: "gpt-4o-mini", models: ["o3"] }])).toBe("oa/gpt-4o-mini");
    expect(snippets("http://h", "k", "oa/gpt-4o-mini").anthropic).toContain('model="oa/gpt-4o-mini"');
  });
});
