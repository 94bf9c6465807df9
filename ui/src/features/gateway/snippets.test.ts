import { describe, expect, it } from "vitest";
import { KEY_PLACEHOLDER, snippets } from "./snippets";

describe("gateway snippets", () => {
  it("point each client at the right path with the key", () => {
    const s = snippets("http://127.0.0.1:9000", "sy-abc");
    expect(s.openai).toContain('base_url="http://127.0.0.1:9000/v1"');
    expect(s.anthropic).toContain('base_url="http://127.0.0.1:9000"');
    expect(s.anthropic).not.toContain("9000/v1");
    expect(s.claudeCode).toContain("ANTHROPIC_BASE_URL=http://127.0.0.1:9000\n");
    for (const text of Object.values(s)) expect(text).toContain("sy-abc");
  });

  it("use a placeholder when no fresh key is at hand", () => {
    expect(snippets("http://127.0.0.1:8765").openai).toContain(KEY_PLACEHOLDER);
  });
});
