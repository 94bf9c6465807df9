import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const usage = { input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0, estimated: false };
const error = { code: "upstream", message: "The provider failed", category: "upstream", retriable: true, trace_id: null };
const msg = (id: string, role: "user" | "assistant", content: string, status = "complete", over = {}) => ({
  id, conversation_id: "c1", role, content, status, provider_id: null, model: null, trace_id: null, error: null, usage,
  latency_ms: null, ttft_ms: null, created_at: 1, cost: null, cached: false, saved_cost_usd_micros: null, parent_id: null, siblings: [], ...over,
});
const sendMessage = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ Channel: class { onmessage: unknown = null; } }));
vi.mock("../../bindings", () => ({
  commands: {
    listConversations: () => ok([{ id: "c1", title: "first", created_at: 1, updated_at: 2 }]),
    listMessages: () => ok([msg("q1", "user", "What is 2+2?"), msg("a1", "assistant", "", "error", { provider_id: "p2", model: "big", error })]),
    listRoutes: () => ok([]),
    conversationCost: () => ok(null),
    sendMessage: (input: unknown) => sendMessage(input),
    updateSettings: (s: unknown) => ok(s),
  },
}));

const i18n = (await import("../../i18n")).default;
const { useProviders } = await import("../../data/providers");
const { useSettings } = await import("../../data/settings");
const { useChat } = await import("./store");
const { ChatScreen } = await import("./ChatScreen");

describe("retrying a failed answer", () => {
  beforeAll(async () => {
    await i18n.changeLanguage("en");
    Element.prototype.scrollIntoView = () => {};
    useSettings.setState({ settings: { last_route: null, last_provider_id: null, last_model: null } as never });
    const p = (id: string) => ({ id, name: id, preset: "openai", base_url: "", has_key: true, extra_headers: [], default_model: "m", models: ["m"], created_at: 1, updated_at: 1 });
    useProviders.setState({ providers: [p("p1"), p("p2")] });
  });
  afterEach(cleanup);

  it("asks the same question again, as a new answer beside the failed one, of the provider and model it went to", async () => {
    sendMessage.mockResolvedValue({ status: "ok", data: {} });
    render(<ChatScreen onOpenProviders={() => {}} />);
    fireEvent.click(await screen.findByTestId("message-retry"));
    await waitFor(() => expect(sendMessage).toHaveBeenCalledTimes(1));
    expect(sendMessage.mock.calls[0][0]).toMatchObject({
      conversation_id: "c1", text: "", place: { kind: "regenerate", question_id: "q1" }, target: { kind: "model", provider_id: "p2", model: "big" },
    });
  });

  it("is not offered while another answer streams", async () => {
    render(<ChatScreen onOpenProviders={() => {}} />);
    await screen.findByTestId("message-retry");
    act(() => useChat.setState({ streaming: { requestId: "r9", conversationId: "c1" } }));
    expect(screen.queryByTestId("message-retry")).toBeNull();
    act(() => useChat.setState({ streaming: null }));
  });
});
