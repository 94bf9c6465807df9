import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const cancelMessage = vi.fn();
const createConversation = vi.fn();
vi.mock("../../bindings", () => ({
  commands: {
    listConversations: () => ok([{ id: "c1", title: "first", created_at: 1, updated_at: 2 }]),
    listMessages: () => ok([]),
    listRoutes: () => ok([]),
    conversationCost: () => ok(null),
    cancelMessage: (id: string) => cancelMessage(id),
    createConversation: () => createConversation(),
  },
}));

const i18n = (await import("../../i18n")).default;
const { useProviders } = await import("../../data/providers");
const { useSettings } = await import("../../data/settings");
const { useChat } = await import("./store");
const { ChatScreen } = await import("./ChatScreen");

const streamingIn = (conversationId: string) => act(() => useChat.setState({ streaming: { requestId: "r1", conversationId } }));

describe("the keyboard on the chat screen", () => {
  beforeAll(async () => {
    await i18n.changeLanguage("en");
    Element.prototype.scrollIntoView = () => {};
    // Only what the pane reads: nothing remembered, so the first provider and its default model are chosen.
    useSettings.setState({ settings: { last_route: null, last_provider_id: null, last_model: null } as never });
    useProviders.setState({ providers: [{ id: "p1", name: "P", preset: "openai", base_url: "", has_key: true, extra_headers: [], default_model: "m", models: ["m"], created_at: 1, updated_at: 1 }] });
  });
  beforeEach(() => {
    cancelMessage.mockReset().mockResolvedValue({ status: "ok", data: null });
    createConversation.mockReset().mockImplementation(() => ok({ id: `n${createConversation.mock.calls.length}`, title: "New chat", created_at: 3, updated_at: 3 }));
    useChat.setState({ streaming: null, drained: [], activeId: null, messages: [] });
  });
  afterEach(cleanup);

  it("Esc stops the answer that streams and puts the cursor back in the composer", async () => {
    render(<ChatScreen onOpenProviders={() => {}} />);
    await waitFor(() => expect(useChat.getState().activeId).toBe("c1"));
    fireEvent.keyDown(window, { key: "Escape" });
    expect(cancelMessage).not.toHaveBeenCalled(); // nothing streams: Esc does nothing

    streamingIn("c1");
    screen.getByTestId("stop").focus();
    fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    expect(cancelMessage).toHaveBeenCalledWith("r1");
    expect(document.activeElement).toBe(screen.getByTestId("composer-input"));
  });

  it("Esc inside an open dialog is the dialog's, not a stop", async () => {
    render(
      <>
        <ChatScreen onOpenProviders={() => {}} />
        <div role="dialog" />
      </>,
    );
    streamingIn("c1");
    fireEvent.keyDown(window, { key: "Escape" });
    expect(cancelMessage).not.toHaveBeenCalled();
  });

  it("Stop gives the composer the focus back", async () => {
    render(<ChatScreen onOpenProviders={() => {}} />);
    streamingIn("c1");
    const stop = screen.getByTestId("stop");
    stop.focus();
    fireEvent.click(stop);
    expect(cancelMessage).toHaveBeenCalledWith("r1");
    expect(document.activeElement).toBe(screen.getByTestId("composer-input"));
  });

  it("New chat gives the composer the focus", async () => {
    render(<ChatScreen onOpenProviders={() => {}} />);
    const button = screen.getByTestId("new-chat");
    button.focus();
    fireEvent.click(button);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("composer-input")));
  });
});
