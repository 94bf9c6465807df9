import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const usage = { input_tokens: 3, output_tokens: 42, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0, estimated: false };
const answer = (id: string, conversation_id: string, over = {}) => ({
  id, conversation_id, role: "assistant", content: `answer in ${conversation_id}`, status: "complete", provider_id: "p1", model: "m", trace_id: `t-${id}`,
  error: null, usage, latency_ms: 900, ttft_ms: 120, created_at: 1, cost: null, cached: false, saved_cost_usd_micros: null, parent_id: null, siblings: [id], ...over,
});
type Conv = { id: string; title: string; created_at: number; updated_at: number; target: unknown; compare_group: string | null };

// The core's compare, in memory: panes are conversations sharing a group.
let conversations: Conv[] = [];
const sendMessage = vi.fn();
const cancelMessage = vi.fn();
const group = (id: string) => conversations.find((c) => c.id === id)?.compare_group;
vi.mock("@tauri-apps/api/core", () => ({ Channel: class { onmessage: unknown = null; } }));
vi.mock("../../bindings", () => ({
  commands: {
    listConversations: () => ok([...conversations].sort((a, b) => b.updated_at - a.updated_at)),
    listMessages: (id: string) => ok([answer(`a-${id}`, id)]),
    listRoutes: () => ok([]),
    conversationCost: () => ok(null),
    updateSettings: (s: unknown) => ok(s),
    sendMessage: (input: unknown) => sendMessage(input),
    cancelMessage: (id: string) => cancelMessage(id),
    comparePanes: (id: string) => ok(conversations.filter((c) => c.id === id || (group(id) && c.compare_group === group(id)))),
    addComparePane: (id: string, target: unknown) => {
      const g = group(id) ?? id;
      conversations = conversations.map((c) => (c.id === id ? { ...c, compare_group: g } : c));
      const pane = { id: `pane${conversations.length}`, title: "first", created_at: 10 + conversations.length, updated_at: 1, target, compare_group: g };
      conversations.push(pane);
      return ok(pane);
    },
    leaveCompare: (id: string) => {
      const g = group(id);
      conversations = conversations.map((c) => (c.id === id ? { ...c, compare_group: null } : c));
      const rest = conversations.filter((c) => g && c.compare_group === g);
      if (rest.length === 1) conversations = conversations.map((c) => (c.id === rest[0].id ? { ...c, compare_group: null } : c));
      return ok(null);
    },
    endCompare: (id: string) => {
      const g = group(id);
      conversations = conversations.map((c) => (g && c.compare_group === g ? { ...c, compare_group: null } : c));
      return ok(null);
    },
  },
}));

const i18n = (await import("../../i18n")).default;
const { useProviders } = await import("../../data/providers");
const { useSettings } = await import("../../data/settings");
const { useNavigation } = await import("../../data/navigation");
const { useChat } = await import("./store");
const { useCompare } = await import("./compare");
const { ChatScreen } = await import("./ChatScreen");

const provider = (id: string, model: string) => ({ id, name: id.toUpperCase(), preset: "openai", base_url: "", has_key: true, extra_headers: [], default_model: model, models: [model], created_at: 1, updated_at: 1 });
const panes = () => screen.getAllByTestId("compare-pane");

describe("side-by-side compare", () => {
  beforeAll(async () => {
    await i18n.changeLanguage("en");
    Element.prototype.scrollIntoView = () => {};
    useSettings.setState({ settings: { last_route: null, last_provider_id: "p1", last_model: "gpt" } as never });
    useProviders.setState({ providers: [provider("p1", "gpt"), provider("p2", "claude")] });
  });
  beforeEach(() => {
    conversations = [{ id: "c1", title: "first", created_at: 1, updated_at: 5, target: null, compare_group: null }];
    useChat.setState({ activeId: null, messages: [], messagesOf: null, conversations: [], streaming: null, drained: [] });
    useCompare.setState({ panes: [], targets: {}, busy: {}, sendTo: "all", error: null });
    sendMessage.mockReset().mockResolvedValue({ status: "ok", data: {} });
    cancelMessage.mockReset();
  });
  afterEach(cleanup);

  it("opens a second pane on another provider, and one message goes to both with each pane's own target", async () => {
    render(<ChatScreen onOpenProviders={() => {}} />);
    fireEvent.click(await screen.findByTestId("compare-add"));
    await waitFor(() => expect(panes()).toHaveLength(2));
    expect(conversations[1].target).toEqual({ kind: "model", provider_id: "p2", model: "claude" });
    // Each pane shows its own conversation, with its last answer's figures in its header.
    await waitFor(() => expect(within(panes()[1]).getByTestId("message-body").textContent).toBe("answer in pane1"));
    expect(within(panes()[0]).getByTestId("pane-stats").textContent).toBe("first token 120 ms · 900 ms in all · 42 tokens out · unpriced");
    // The sidebar shows the compare as one item.
    await waitFor(() => expect(screen.getAllByTestId("conversation-item")).toHaveLength(1));
    expect(screen.getByTestId("compare-badge").textContent).toBe("2");
    expect(screen.getByTestId("compare-badge").getAttribute("aria-label")).toBe("2 panes");

    fireEvent.change(screen.getByTestId("composer-input"), { target: { value: "Which is larger?" } });
    fireEvent.click(screen.getByTestId("send"));
    await waitFor(() => expect(sendMessage).toHaveBeenCalledTimes(2));
    const sent = sendMessage.mock.calls.map(([input]) => [input.conversation_id, input.pane_id, input.target.provider_id, input.text]);
    expect(sent).toEqual([
      ["c1", "main", "p1", "Which is larger?"],
      ["pane1", "compare-pane1", "p2", "Which is larger?"],
    ]);
  });

  it("keeps the first pane's choice when the compare starts, and gives the new pane the other provider", async () => {
    render(<ChatScreen onOpenProviders={() => {}} />);
    const picker = (await screen.findByTestId("target-select")) as HTMLSelectElement;
    await waitFor(() => expect(picker.value).toBe("provider:p1"));
    fireEvent.change(picker, { target: { value: "provider:p2" } });
    fireEvent.click(screen.getByTestId("compare-add"));
    await waitFor(() => expect(panes()).toHaveLength(2));
    const values = () => panes().map((p) => (within(p).getByTestId("target-select") as HTMLSelectElement).value);
    await waitFor(() => expect(values()).toEqual(["provider:p2", "provider:p1"]));
  });

  it("sends to one pane when the person picks it", async () => {
    render(<ChatScreen onOpenProviders={() => {}} />);
    fireEvent.click(await screen.findByTestId("compare-add"));
    await waitFor(() => expect(panes()).toHaveLength(2));
    await waitFor(() => expect(within(screen.getByTestId("compare-send-to")).getAllByRole("option")).toHaveLength(3));
    fireEvent.change(screen.getByTestId("compare-send-to"), { target: { value: "compare-pane1" } });
    fireEvent.change(screen.getByTestId("composer-input"), { target: { value: "Only you" } });
    fireEvent.click(screen.getByTestId("send"));
    await waitFor(() => expect(sendMessage).toHaveBeenCalledTimes(1));
    expect(sendMessage.mock.calls[0][0]).toMatchObject({ conversation_id: "pane1", text: "Only you" });
  });

  it("stops every pane's answer with one Stop", async () => {
    render(<ChatScreen onOpenProviders={() => {}} />);
    fireEvent.click(await screen.findByTestId("compare-add"));
    await waitFor(() => expect(panes()).toHaveLength(2));
    // Both answers arrive and never end.
    sendMessage.mockImplementation(() => new Promise(() => {}));
    fireEvent.change(screen.getByTestId("composer-input"), { target: { value: "Long one" } });
    fireEvent.click(screen.getByTestId("send"));
    fireEvent.click(await screen.findByTestId("stop"));
    await waitFor(() => expect(cancelMessage).toHaveBeenCalledTimes(2));
    const requests = sendMessage.mock.calls.map(([input]) => input.request_id);
    expect(cancelMessage.mock.calls.map(([id]) => id).sort()).toEqual([...requests].sort());
    expect(screen.getAllByTestId("compare-pane-stop")).toHaveLength(2);
  });

  it("closes a pane (its conversation stays, on its own) and continues alone with another", async () => {
    render(<ChatScreen onOpenProviders={() => {}} />);
    fireEvent.click(await screen.findByTestId("compare-add"));
    await waitFor(() => expect(panes()).toHaveLength(2));
    fireEvent.click(screen.getByTestId("compare-add"));
    await waitFor(() => expect(panes()).toHaveLength(3));

    fireEvent.click(within(panes()[1]).getByTestId("compare-close"));
    await waitFor(() => expect(panes()).toHaveLength(2));
    expect(conversations.find((c) => c.id === "pane1")?.compare_group).toBeNull();
    await waitFor(() => expect(screen.getAllByTestId("conversation-item")).toHaveLength(2));

    fireEvent.click(within(panes()[1]).getByTestId("compare-promote"));
    await waitFor(() => expect(screen.queryByTestId("compare")).toBeNull());
    expect(useChat.getState().activeId).toBe("pane2");
    expect(conversations.every((c) => c.compare_group === null)).toBe(true);
    expect(screen.getAllByTestId("conversation-item")).toHaveLength(3);
  });

  it("adds a pane with Ctrl/⌘+\\ from another screen, and offers no more than four", async () => {
    render(<ChatScreen onOpenProviders={() => {}} />);
    await screen.findByTestId("compare-add");
    for (const count of [2, 3, 4]) {
      useNavigation.getState().askComparePane();
      await waitFor(() => expect(panes()).toHaveLength(count));
    }
    expect((screen.getByTestId("compare-add") as HTMLButtonElement).disabled).toBe(true);
    useNavigation.getState().askComparePane();
    await waitFor(() => expect(useNavigation.getState().comparePaneAsked).toBe(false));
    expect(conversations).toHaveLength(4);
  });
});
