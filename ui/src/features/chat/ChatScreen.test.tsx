import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const listMessages = vi.fn();
const cancelMessage = vi.fn();
const usage = { input_tokens: 1, output_tokens: 1, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0, estimated: false };
const message = (id: string, conversation_id: string) => ({
  id, conversation_id, role: "assistant", content: id, status: "complete", provider_id: "p1", model: "m", trace_id: `t-${id}`,
  error: null, usage, latency_ms: 10, ttft_ms: null, created_at: 1, cost: null, cached: false, saved_cost_usd_micros: null, parent_id: null, siblings: [],
});
vi.mock("../../bindings", () => ({
  commands: {
    listConversations: () => ok([{ id: "c1", title: "first", created_at: 1, updated_at: 2 }, { id: "c2", title: "second", created_at: 1, updated_at: 1 }]),
    listMessages: (id: string) => listMessages(id),
    listRoutes: () => ok([]),
    conversationCost: () => ok({ usd_micros: 12_345, priced_answers: 1, unpriced_answers: 1 }),
    cancelMessage: (id: string) => cancelMessage(id),
    exportConversation: (id: string, format: string) => Promise.resolve({ status: "ok", data: `/exports/${id}.${format}` }),
  },
}));

const i18n = (await import("../../i18n")).default;
const { useProviders } = await import("../../data/providers");
const { useNavigation } = await import("../../data/navigation");
const { useChat } = await import("./store");
const { ChatScreen } = await import("./ChatScreen");

describe("chat opened from a link", () => {
  beforeAll(async () => {
    await i18n.changeLanguage("en");
    Element.prototype.scrollIntoView = () => {};
  });
  afterEach(cleanup);

  it("opens the linked conversation, marks the answer and shows what the conversation cost", async () => {
    listMessages.mockImplementation((id: string) => ok([message(id === "c2" ? "m5" : "m1", id)]));
    useProviders.setState({ providers: [{ id: "p1", name: "P", preset: "openai", base_url: "", has_key: true, extra_headers: [], default_model: "m", models: [], created_at: 1, updated_at: 1 }] });
    useNavigation.getState().openChat("c2", "m5");
    render(<ChatScreen onOpenProviders={() => {}} />);
    await waitFor(() => expect(document.querySelector('[data-message-id="m5"]')?.classList.contains("focused")).toBe(true));
    expect(listMessages).not.toHaveBeenCalledWith("c1");
    expect(useNavigation.getState().chatFocus).toBeNull();
    expect((await screen.findByTestId("conversation-cost")).textContent).toBe("This chat: $0.0123 · 1 unpriced");
    // The toolbar exports the conversation shown.
    fireEvent.click(screen.getByTestId("export-markdown"));
    expect((await screen.findByTestId("export-path")).textContent).toBe("/exports/c2.markdown");
  });

  it("keeps the composer open while a message only waits in the queue, and offers Stop for one the queue is sending here", async () => {
    const queued = { ...message("a1", "c1"), status: "queued" };
    listMessages.mockImplementation(() => ok([queued]));
    useNavigation.getState().openChat("c1", null);
    render(<ChatScreen onOpenProviders={() => {}} />);
    await waitFor(() => expect(document.querySelector('[data-message-id="a1"]')).not.toBeNull());
    expect(screen.getByTestId("send")).toBeTruthy();
    expect(screen.getByTestId("send-later")).toBeTruthy();

    useChat.setState({ drained: [{ requestId: "item-7", conversationId: "c2", answerId: "x" }] });
    expect(await screen.findByTestId("send")).toBeTruthy(); // sending in another conversation
    useChat.setState({ drained: [{ requestId: "item-7", conversationId: "c1", answerId: "a1" }] });
    fireEvent.click(await screen.findByTestId("stop"));
    expect(cancelMessage).toHaveBeenCalledWith("item-7");
  });
});
