import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const usage = { input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0, estimated: false };
const msg = (id: string, role: "user" | "assistant", content: string, status = "complete") => ({
  id, conversation_id: "c1", role, content, status, provider_id: "p1", model: "m", trace_id: null, error: null, usage,
  latency_ms: null, ttft_ms: null, created_at: 1, cost: null, cached: false, saved_cost_usd_micros: null, parent_id: null, siblings: [],
});
vi.mock("../../bindings", () => ({
  commands: {
    listConversations: () => ok([{ id: "c1", title: "first", created_at: 1, updated_at: 2 }]),
    listMessages: () => ok([msg("q1", "user", "question"), msg("a1", "assistant", "start", "streaming")]),
    listRoutes: () => ok([]),
    conversationCost: () => ok(null),
  },
}));

const i18n = (await import("../../i18n")).default;
const { useProviders } = await import("../../data/providers");
const { useChat } = await import("./store");
const { ChatScreen } = await import("./ChatScreen");
const { isAtBottom } = await import("./useFollowBottom");

/** Gives the list a size jsdom does not lay out: `height` of content in a 200 px window, scrollTop clamped. */
function geometry(el: HTMLElement) {
  const g = { height: 1000, top: 0 };
  const max = () => Math.max(0, g.height - 200);
  Object.defineProperty(el, "clientHeight", { configurable: true, get: () => 200 });
  Object.defineProperty(el, "scrollHeight", { configurable: true, get: () => g.height });
  Object.defineProperty(el, "scrollTop", { configurable: true, get: () => g.top, set: (v: number) => (g.top = Math.min(Math.max(0, v), max())) });
  return { g, max };
}

const grow = (text: string) =>
  act(() => useChat.setState((s) => ({ messages: s.messages.map((m) => (m.id === "a1" ? { ...m, content: m.content + text } : m)) })));

describe("following a streaming answer", () => {
  beforeAll(async () => {
    await i18n.changeLanguage("en");
    Element.prototype.scrollIntoView = () => {};
  });
  afterEach(cleanup);

  it("stays where the person scrolled to, offers a jump to the latest, and follows again at the bottom", async () => {
    useProviders.setState({ providers: [{ id: "p1", name: "P", preset: "openai", base_url: "", has_key: true, extra_headers: [], default_model: "m", models: [], created_at: 1, updated_at: 1 }] });
    render(<ChatScreen onOpenProviders={() => {}} />);
    const list = screen.getByTestId("messages");
    const { g, max } = geometry(list);
    await waitFor(() => expect(document.querySelector('[data-message-id="a1"]')).not.toBeNull());

    grow(" more");
    expect(list.scrollTop).toBe(max()); // at the end: it follows
    expect(screen.queryByTestId("jump-to-latest")).toBeNull();

    list.scrollTop = 300; // the person scrolls up to read
    fireEvent.scroll(list);
    g.height = 1600;
    grow(" and more");
    expect(list.scrollTop).toBe(300);
    fireEvent.click(await screen.findByTestId("jump-to-latest"));
    expect(list.scrollTop).toBe(max());
    expect(screen.queryByTestId("jump-to-latest")).toBeNull();

    g.height = 2000;
    grow(" again");
    expect(list.scrollTop).toBe(max()); // following again after the jump

    list.scrollTop = 100;
    fireEvent.scroll(list);
    expect(await screen.findByTestId("jump-to-latest")).toBeTruthy();
    list.scrollTop = max(); // scrolling back down by hand resumes following too
    fireEvent.scroll(list);
    g.height = 2400;
    grow(" last");
    expect(list.scrollTop).toBe(max());
    expect(screen.queryByTestId("jump-to-latest")).toBeNull();
  });
});

describe("isAtBottom", () => {
  it("counts the last few pixels as the end", () => {
    expect(isAtBottom({ scrollTop: 800, scrollHeight: 1000, clientHeight: 200 })).toBe(true);
    expect(isAtBottom({ scrollTop: 790, scrollHeight: 1000, clientHeight: 200 })).toBe(true);
    expect(isAtBottom({ scrollTop: 700, scrollHeight: 1000, clientHeight: 200 })).toBe(false);
    expect(isAtBottom({ scrollTop: 0, scrollHeight: 100, clientHeight: 200 })).toBe(true);
  });
});
