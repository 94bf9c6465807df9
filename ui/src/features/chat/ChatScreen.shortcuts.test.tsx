import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const usage = { input_tokens: 1, output_tokens: 1, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0, estimated: false };
const message = (id: string, role: "user" | "assistant", content: string) => ({
  id, conversation_id: "c1", role, content, status: "complete", provider_id: "p1", model: "m", trace_id: null,
  error: null, usage, latency_ms: null, ttft_ms: null, created_at: 1, cost: null, cached: false, saved_cost_usd_micros: null, parent_id: null, siblings: [],
});
const createConversation = vi.fn();
const listMessages = vi.fn();
const listConversations = vi.fn();
/** What the core has; a list is what it had when asked, answered a little later (as over IPC). */
let saved: { id: string; title: string; created_at: number; updated_at: number; target: null }[] = [];
vi.mock("../../bindings", () => ({
  commands: {
    listConversations: () => listConversations(),
    listMessages: (id: string) => listMessages(id),
    listRoutes: () => ok([]),
    conversationCost: () => ok(null),
    createConversation: () => createConversation(),
  },
}));

const i18n = (await import("../../i18n")).default;
const { useProviders } = await import("../../data/providers");
const { useSettings } = await import("../../data/settings");
const { useNavigation } = await import("../../data/navigation");
const { useOverlays } = await import("../../data/overlays");
const { useGlobalShortcuts } = await import("../shortcuts/useGlobalShortcuts");
const { useChat } = await import("./store");
const { useEditing } = await import("./editing");
const { ChatScreen } = await import("./ChatScreen");

/** The chat screen as the app shows it: with the app-wide shortcuts listening. */
function Workspace() {
  useGlobalShortcuts();
  return <ChatScreen onOpenProviders={() => {}} />;
}
const MESSAGES = [message("q1", "user", "first question"), message("a1", "assistant", "first answer"), message("q2", "user", "second question"), message("a2", "assistant", "second answer")];
const composer = () => screen.getByTestId("composer-input") as HTMLTextAreaElement;
const ready = async () => {
  render(<Workspace />);
  await waitFor(() => expect(document.querySelector('[data-message-id="a2"]')).not.toBeNull());
  composer().focus();
  return composer();
};

describe("the chat's keyboard shortcuts", () => {
  beforeAll(async () => {
    await i18n.changeLanguage("en");
    Element.prototype.scrollIntoView = () => {};
    useSettings.setState({ settings: { last_route: null, last_provider_id: null, last_model: null } as never });
    useProviders.setState({ providers: [{ id: "p1", name: "P", preset: "openai", base_url: "", has_key: true, extra_headers: [], default_model: "m", models: ["m"], created_at: 1, updated_at: 1 }] });
  });
  beforeEach(() => {
    listMessages.mockReset().mockImplementation((id: string) => ok(id === "c1" ? MESSAGES : []));
    saved = [{ id: "c1", title: "first", created_at: 1, updated_at: 2, target: null }];
    listConversations.mockReset().mockImplementation(() => {
      const now = [...saved];
      return new Promise((resolve) => setTimeout(() => resolve({ status: "ok", data: now }), 20));
    });
    createConversation.mockReset().mockImplementation(() => {
      const created = { id: "n1", title: "New chat", created_at: 3, updated_at: 3, target: null };
      saved = [created, ...saved];
      return ok(created);
    });
    useChat.setState({ conversations: [], streaming: null, drained: [], activeId: null, messages: [], messagesOf: null });
    useNavigation.setState({ screen: "chat", chatFocus: null, newChatAsked: false });
    useOverlays.setState({ open: null });
    useEditing.setState({ editingId: null });
  });
  afterEach(cleanup);

  it("Ctrl+N in the composer starts a new chat and keeps the cursor in the composer", async () => {
    const input = await ready();
    fireEvent.keyDown(input, { key: "n", ctrlKey: true, isComposing: true });
    fireEvent.keyDown(input, { key: "n", ctrlKey: true, keyCode: 229 });
    expect(createConversation).not.toHaveBeenCalled();
    fireEvent.keyDown(input, { key: "n", ctrlKey: true });
    await waitFor(() => expect(useChat.getState().activeId).toBe("n1"));
    expect(createConversation).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(document.activeElement).toBe(composer()));
    expect(useNavigation.getState().newChatAsked).toBe(false);
  });

  it("a new chat asked for on another screen starts when the chat shows", async () => {
    useNavigation.setState({ screen: "usage" });
    act(() => useNavigation.getState().askNewChat());
    expect(useNavigation.getState().screen).toBe("chat");
    render(<Workspace />);
    await waitFor(() => expect(useChat.getState().activeId).toBe("n1"));
    await waitFor(() => expect(document.activeElement).toBe(composer()));
    // The list loaded as the screen showed does not drop the new conversation.
    expect(useChat.getState().conversations.map((c) => c.id)).toEqual(["n1", "c1"]);
    expect(createConversation).toHaveBeenCalledTimes(1);
  });

  it("Ctrl+K in the composer opens search", async () => {
    const input = await ready();
    fireEvent.keyDown(input, { key: "k", ctrlKey: true });
    expect(useOverlays.getState().open).toBe("search");
  });

  it("↑ in the empty composer opens the last question in its editor; Esc there closes it", async () => {
    const input = await ready();
    fireEvent.keyDown(input, { key: "ArrowUp" });
    const editor = (await screen.findByTestId("message-edit-input")) as HTMLTextAreaElement;
    expect(editor.value).toBe("second question");
    expect(editor.closest("[data-message-id]")?.getAttribute("data-message-id")).toBe("q2");
    expect(screen.getAllByTestId("message-edit-input")).toHaveLength(1);
    expect(document.activeElement).toBe(editor);
    fireEvent.keyDown(editor, { key: "Escape" });
    expect(screen.queryByTestId("message-edit-input")).toBeNull();
  });

  it("↑ does nothing while the composer has text, while an input method composes, or while an answer streams", async () => {
    const input = await ready();
    fireEvent.change(input, { target: { value: "draft" } });
    fireEvent.keyDown(input, { key: "ArrowUp" });
    fireEvent.change(input, { target: { value: "" } });
    fireEvent.keyDown(input, { key: "ArrowUp", isComposing: true });
    fireEvent.keyDown(input, { key: "ArrowUp", keyCode: 229 });
    fireEvent.keyDown(input, { key: "ArrowUp", shiftKey: true });
    expect(screen.queryByTestId("message-edit-input")).toBeNull();
    act(() => useChat.setState({ streaming: { requestId: "r1", conversationId: "c1" } }));
    fireEvent.keyDown(composer(), { key: "ArrowUp" });
    expect(screen.queryByTestId("message-edit-input")).toBeNull();
  });

  it("the Edit button and ↑ open the same editor, one question at a time", async () => {
    const input = await ready();
    fireEvent.click(screen.getAllByTestId("message-edit")[0]);
    expect((screen.getByTestId("message-edit-input") as HTMLTextAreaElement).value).toBe("first question");
    input.focus();
    fireEvent.keyDown(input, { key: "ArrowUp" });
    await waitFor(() => expect((screen.getByTestId("message-edit-input") as HTMLTextAreaElement).value).toBe("second question"));
    expect(screen.getAllByTestId("message-edit-input")).toHaveLength(1);
  });
});
