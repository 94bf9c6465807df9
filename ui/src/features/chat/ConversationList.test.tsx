import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const deleteConversation = vi.fn();
const listMessages = vi.fn();
vi.mock("../../bindings", () => ({
  commands: {
    deleteConversation: (id: string) => deleteConversation(id),
    listMessages: (id: string) => listMessages(id),
    conversationCost: () => ok(null),
  },
}));

const i18n = (await import("../../i18n")).default;
const { useChat } = await import("./store");
const { ConversationList } = await import("./ConversationList");

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
