import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const deleteConversation = vi.fn();
const listMessages = vi.fn();
const createConversation = vi.fn();
vi.mock("../../bindings", () => ({
  commands: {
    deleteConversation: (id: string) => deleteConversation(id),
    listMessages: (id: string) => listMessages(id),
    conversationCost: () => ok(null),
    createConversation: () => createConversation(),
  },
}));

const i18n = (await import("../../i18n")).default;
const { useChat } = await import("./store");
const { ConversationList } = await import("./ConversationList");
const { useOverlays } = await import("../../data/overlays");

const conversation = (id: string, title: string, updated_at = Date.now()) => ({ id, title, created_at: updated_at, updated_at });

describe("deleting a conversation", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  beforeEach(() => {
    deleteConversation.mockReset().mockImplementation(() => ok(null));
    listMessages.mockReset().mockImplementation(() => ok([]));
    useChat.setState({ conversations: [conversation("c1", "Trip plans"), conversation("c2", "Recipes")], activeId: "c1", messages: [], streaming: null });
  });
  afterEach(cleanup);

  it("asks in the app, not with window.confirm, and deletes only when confirmed", async () => {
    const raw = vi.spyOn(window, "confirm");
    render(<ConversationList />);
    const first = screen.getAllByTestId("conversation-item")[0];
    fireEvent.click(within(first).getByTestId("conversation-delete"));
    expect(screen.getByTestId("confirm-dialog").textContent).toContain("Delete “Trip plans” and all its messages?");
    fireEvent.click(screen.getByTestId("confirm-dialog-cancel"));
    expect(deleteConversation).not.toHaveBeenCalled();

    fireEvent.click(within(first).getByTestId("conversation-delete"));
    fireEvent.click(screen.getByTestId("confirm-dialog-confirm"));
    await waitFor(() => expect(deleteConversation).toHaveBeenCalledWith("c1"));
    await waitFor(() => expect(useChat.getState().conversations.map((c) => c.id)).toEqual(["c2"]));
    expect(raw).not.toHaveBeenCalled();
  });
});

const DAY = 24 * 60 * 60 * 1000;

describe("the conversation list's dates", () => {
  afterEach(cleanup);

  it("groups conversations under Today, Yesterday, Previous 7 days and Older, each with its date", async () => {
    await i18n.changeLanguage("en");
    const today = new Date();
    const noon = (daysBack: number) => new Date(today.getFullYear(), today.getMonth(), today.getDate() - daysBack, 12).getTime();
    useChat.setState({
      conversations: [conversation("c1", "now", Date.now()), conversation("c2", "yday", noon(1)), conversation("c3", "tue", noon(4)), conversation("c4", "old", noon(40))],
    });
    render(<ConversationList />);
    const groups = screen.getAllByTestId("conversation-group");
    expect(groups.map((g) => g.textContent)).toEqual(["Today", "Yesterday", "Previous 7 days", "Older"]);
    // Each group's conversations follow its heading.
    const rows = [...screen.getByTestId("conversation-list").children].map((li) => li.getAttribute("data-group") ?? li.querySelector(".conversation-name")?.textContent);
    expect(rows).toEqual(["today", "now", "yesterday", "yday", "week", "tue", "older", "old"]);
    const dates = screen.getAllByTestId("conversation-date");
    expect(dates).toHaveLength(4);
    expect(dates.every((d) => d.textContent!.trim().length > 0)).toBe(true);
    expect(dates[3].getAttribute("datetime")).toBe(new Date(noon(40)).toISOString());
  });

  it("names the groups in Chinese too", async () => {
    await i18n.changeLanguage("zh-CN");
    useChat.setState({ conversations: [conversation("c1", "now", Date.now()), conversation("c4", "old", Date.now() - 30 * DAY)] });
    render(<ConversationList />);
    expect(screen.getAllByTestId("conversation-group").map((g) => g.textContent)).toEqual(["今天", "更早"]);
    await i18n.changeLanguage("en");
  });
});

describe("New chat", () => {
  beforeEach(() => {
    createConversation.mockReset().mockImplementation(() => ok(conversation("new", "New chat")));
    listMessages.mockReset();
  });
  afterEach(cleanup);
  const question = { id: "q", conversation_id: "c1", role: "user", content: "hi", status: "complete" };

  it("keeps the open conversation when it has no message yet, and calls back so the composer gets focus", async () => {
    listMessages.mockImplementation(() => ok([]));
    useChat.setState({ conversations: [{ ...conversation("c1", "New chat"), updated_at: 5, created_at: 1 }], activeId: null, messages: [], messagesOf: null });
    await useChat.getState().open("c1");
    const onNewChat = vi.fn();
    render(<ConversationList onNewChat={onNewChat} />);
    fireEvent.click(screen.getByTestId("new-chat"));
    await waitFor(() => expect(onNewChat).toHaveBeenCalled());
    expect(createConversation).not.toHaveBeenCalled();
    expect(useChat.getState().activeId).toBe("c1");
    expect(screen.getAllByTestId("conversation-item")).toHaveLength(1);
  });

  it("creates one when the open conversation has messages, then does not pile up another", async () => {
    listMessages.mockImplementation(() => ok([question]));
    useChat.setState({ conversations: [{ ...conversation("c1", "Trip"), created_at: 1, updated_at: 5 }], activeId: null, messages: [], messagesOf: null });
    await useChat.getState().open("c1");
    render(<ConversationList />);
    fireEvent.click(screen.getByTestId("new-chat"));
    await waitFor(() => expect(useChat.getState().activeId).toBe("new"));
    fireEvent.click(screen.getByTestId("new-chat"));
    fireEvent.click(screen.getByTestId("new-chat"));
    await waitFor(() => expect(screen.getAllByTestId("conversation-item")).toHaveLength(2));
    expect(createConversation).toHaveBeenCalledTimes(1);
  });

  it("reopens an unused conversation (no message, never renamed) instead of making another", async () => {
    listMessages.mockImplementation((id: string) => ok(id === "c1" ? [question] : []));
    useChat.setState({ conversations: [{ ...conversation("c1", "Trip"), created_at: 1, updated_at: 5 }, { ...conversation("c0", "New chat"), created_at: 3, updated_at: 3 }], activeId: null, messages: [], messagesOf: null });
    await useChat.getState().open("c1");
    render(<ConversationList />);
    fireEvent.click(screen.getByTestId("new-chat"));
    await waitFor(() => expect(useChat.getState().activeId).toBe("c0"));
    expect(createConversation).not.toHaveBeenCalled();
  });

  it("does not reuse one that turns out to have messages (a queued question)", async () => {
    listMessages.mockImplementation(() => ok([question]));
    useChat.setState({ conversations: [{ ...conversation("c1", "Trip"), created_at: 1, updated_at: 5 }, { ...conversation("c0", "New chat"), created_at: 3, updated_at: 3 }], activeId: null, messages: [], messagesOf: null });
    await useChat.getState().open("c1");
    await useChat.getState().create();
    expect(createConversation).toHaveBeenCalledTimes(1);
    expect(useChat.getState().activeId).toBe("new");
  });
});

describe("the list's heading", () => {
  afterEach(cleanup);

  it("has a Search button that opens the search dialog", () => {
    useOverlays.setState({ open: null });
    render(<ConversationList />);
    fireEvent.click(screen.getByTestId("open-search"));
    expect(useOverlays.getState().open).toBe("search");
  });
});
