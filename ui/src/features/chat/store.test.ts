import { beforeEach, describe, expect, it, vi } from "vitest";

const sendMessage = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ Channel: class { onmessage: unknown = null; } }));
vi.mock("../../bindings", () => ({
  commands: {
    sendMessage: (input: unknown, channel: unknown) => sendMessage(input, channel),
    listConversations: () => Promise.resolve({ status: "ok", data: [] }),
    conversationCost: () => Promise.resolve({ status: "ok", data: null }),
  },
}));

const { useChat } = await import("./store");

describe("sending a chat turn", () => {
  beforeEach(() => useChat.setState({ activeId: "c1", streaming: null, messages: [] }));

  it("leaves the cache to the policy (cache: null)", async () => {
    sendMessage.mockResolvedValue({ status: "ok", data: {} });
    await useChat.getState().send("main", { kind: "route", name: "smart" } as never, "hello");
    expect(sendMessage).toHaveBeenCalledTimes(1);
    expect(sendMessage.mock.calls[0][0]).toMatchObject({ conversation_id: "c1", pane_id: "main", text: "hello", cache: null });
  });
});
