import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const importConversation = vi.fn();
const listConversations = vi.fn();
const listMessages = vi.fn();
vi.mock("../../bindings", () => ({
  commands: {
    importConversation: (text: string) => importConversation(text),
    listConversations: () => listConversations(),
    listMessages: (id: string) => listMessages(id),
    conversationCost: () => ok(null),
  },
}));

const i18n = (await import("../../i18n")).default;
const { useChat } = await import("./store");
const { ConversationList } = await import("./ConversationList");

const old = { id: "c1", title: "Trip", created_at: 1, updated_at: Date.now(), target: null };
const imported = { id: "c9", title: "Imported trip", created_at: 5, updated_at: Date.now(), target: null };
const pick = (text: string, name = "trip.json") => {
  const input = screen.getByTestId("import-file") as HTMLInputElement;
  fireEvent.change(input, { target: { files: [new File([text], name, { type: "application/json" })] } });
  return input;
};

describe("importing a conversation", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  beforeEach(() => {
    importConversation.mockReset().mockImplementation(() => ok(imported));
    listConversations.mockReset().mockImplementation(() => ok([imported, old]));
    listMessages.mockReset().mockImplementation(() => ok([]));
    useChat.setState({ conversations: [old], activeId: "c1", messages: [], messagesOf: "c1", error: null });
  });
  afterEach(cleanup);

  it("Import… opens the file picker, for JSON files", () => {
    render(<ConversationList />);
    const input = screen.getByTestId("import-file") as HTMLInputElement;
    const clicked = vi.fn();
    input.addEventListener("click", clicked);
    fireEvent.click(screen.getByTestId("import-conversation"));
    expect(clicked).toHaveBeenCalled();
    expect(input.type).toBe("file");
    expect(input.accept.split(",")).toEqual(expect.arrayContaining([".json", "application/json"]));
  });

  it("sends the file's text to the core, lists the new conversation and opens it", async () => {
    render(<ConversationList />);
    const text = '{"format":"switchyard.conversation","title":"Imported trip","messages":[]}';
    pick(text);
    await waitFor(() => expect(useChat.getState().activeId).toBe("c9"));
    expect(importConversation).toHaveBeenCalledWith(text);
    expect(listMessages).toHaveBeenCalledWith("c9");
    expect(screen.getAllByTestId("conversation-item").map((li) => li.textContent)).toEqual([expect.stringContaining("Imported trip"), expect.stringContaining("Trip")]);
    expect(screen.queryByTestId("error-banner")).toBeNull();
  });

  it("shows why a bad file was refused, keeps the open conversation, and lets the same file be picked again", async () => {
    importConversation.mockImplementation(() =>
      Promise.resolve({ status: "error", error: { code: "conversation_file_invalid", message: "This is not a Switchyard conversation file (no messages).", category: "invalid_request", retriable: false, trace_id: null } }),
    );
    render(<ConversationList />);
    const input = pick("not json");
    expect((await screen.findByTestId("error-banner")).textContent).toContain("This is not a Switchyard conversation file (no messages).");
    expect(useChat.getState().activeId).toBe("c1");
    expect(useChat.getState().conversations.map((c) => c.id)).toEqual(["c1"]);
    expect(input.value).toBe("");
  });
});
