import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { NOW, provider, queueItem, queueStatus, reach } from "../../data/testQueue";

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const commands = {
  queueStatus: vi.fn(),
  sendQueuedNow: vi.fn((_id: string) => ok({})),
  cancelQueued: vi.fn((_id: string) => ok(null)),
  editQueued: vi.fn((_id: string, _text: string) => ok({})),
};
vi.mock("../../bindings", () => ({ commands }));

const i18n = (await import("../../i18n")).default;
const { useProviders } = await import("../../data/providers");
const { useNavigation } = await import("../../data/navigation");
const { useQueue } = await import("../../data/queue");
const { QueueScreen } = await import("./QueueScreen");

const rowOf = (position: number) => screen.getAllByTestId("queue-item").find((r) => r.dataset.queuePosition === String(position))!;

describe("the Queue screen", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
    useProviders.setState({ providers: [provider, { ...provider, id: "p2", name: "Local Ollama" }] });
    useQueue.setState({ status: null, waiting: 0 });
    useNavigation.setState({ screen: "queue", chatFocus: null });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    vi.clearAllMocks();
  });

  it("tells a new user what the queue is for when nothing waits, under the network, the providers and the limits", async () => {
    commands.queueStatus.mockImplementation(() => ok(queueStatus([], { providers: [reach({ provider_id: "p2", state: "offline", next_probe_at: NOW + 8_000 })] })));
    render(<QueueScreen />);
    const empty = await screen.findByTestId("queue-empty");
    expect(empty.textContent).toContain("Nothing is waiting");
    expect(empty.textContent).toContain("sent in order");
    expect(screen.getByTestId("queue-network").textContent).toContain("Network: connected");
    const providers = screen.getAllByTestId("queue-provider");
    expect(providers.map((p) => p.textContent)).toEqual(["DeepSeekNot checked yet", "Local OllamaOfflinechecked again in 8 s"]);
    expect(screen.getByTestId("queue-limits").textContent).toBe("0 of 100 messages · 0 KB of 4,096 KB");
  });

  it("says when the computer has no network", async () => {
    commands.queueStatus.mockImplementation(() => ok(queueStatus([], { network_up: false })));
    render(<QueueScreen />);
    expect((await screen.findByTestId("queue-network")).textContent).toContain("Network: offline");
  });

  it("lists every item in queue order with what it is, where it goes, how long it waited, its attempts, last error and next try", async () => {
    const error = { code: "provider_unreachable", message: "Could not connect to DeepSeek", category: "connect", retriable: true, trace_id: "t" } as const;
    const items = [
      queueItem({ attempts: 2, last_error: error, next_attempt_at: NOW + 12_000, bytes: 3000 }),
      queueItem({ id: "item-2", position: 2, state: "held", text: "a long question ".repeat(20), target: { kind: "route", name: "smart" }, bytes: 200 }),
    ];
    commands.queueStatus.mockImplementation(() => ok(queueStatus(items)));
    render(<QueueScreen />);
    await screen.findByTestId("queue-list");
    expect(screen.getAllByTestId("queue-item").map((r) => r.dataset.queuePosition)).toEqual(["1", "2"]);
    expect(screen.getByTestId("queue-limits").textContent).toBe("2 of 100 messages · 4 KB of 4,096 KB");

    const first = within(rowOf(1));
    expect(first.getByTestId("queue-state").textContent).toBe("Queued");
    expect(first.getByTestId("queue-open-chat").textContent).toBe("Trip to Lisbon");
    expect(first.getByTestId("queue-question").textContent).toBe("hello");
    expect(first.getByTestId("queue-target").textContent).toBe("To DeepSeek/deepseek-chat");
    expect(rowOf(1).textContent).toContain("waiting 1.5 min");
    expect(first.getByTestId("queue-attempts").textContent).toBe("attempts: 2");
    expect(first.getByTestId("queue-next-try").textContent).toBe("next try in 12 s");
    expect(first.getByTestId("queue-last-error").textContent).toBe("Last error: Could not connect to DeepSeek provider_unreachable");

    const second = within(rowOf(2));
    expect(second.getByTestId("queue-state").textContent).toBe("Held");
    expect(second.getByTestId("queue-target").textContent).toBe("To smart");
    const shortened = second.getByTestId("queue-question").textContent!;
    expect(shortened.endsWith("…") && shortened.length <= 120).toBe(true);
    expect(second.getByTestId("queue-next-try").textContent).toBe("sent when you say send now");
  });

  it("opens the item's conversation in the chat, pointing at its answer", async () => {
    commands.queueStatus.mockImplementation(() => ok(queueStatus([queueItem()])));
    render(<QueueScreen />);
    fireEvent.click(await screen.findByTestId("queue-open-chat"));
    expect(useNavigation.getState()).toMatchObject({ screen: "chat", chatFocus: { conversationId: "c1", messageId: "a1" } });
  });

  for (const state of ["queued", "held"] as const) {
    it(`offers Send now, Edit and Cancel for a ${state} message, each calling its command`, async () => {
      commands.queueStatus.mockImplementation(() => ok(queueStatus([queueItem({ state })])));
      render(<QueueScreen />);
      const row = within(await screen.findByTestId("queue-item"));
      expect(row.getAllByRole("button").map((b) => b.textContent)).toEqual(["Trip to Lisbon", "Send now", "Edit", "Cancel"]);
      fireEvent.click(row.getByTestId("queue-send-now"));
      expect(commands.sendQueuedNow).toHaveBeenCalledWith("item-1");
      fireEvent.click(row.getByTestId("queue-cancel"));
      expect(commands.cancelQueued).toHaveBeenCalledWith("item-1");
      expect(commands.editQueued).not.toHaveBeenCalled();
      await waitFor(() => expect(commands.queueStatus.mock.calls.length).toBeGreaterThanOrEqual(3)); // reloaded after each
    });
  }

  it("offers Resend, Edit and Cancel for a message that needs a decision, and says it may have been billed", async () => {
    commands.queueStatus.mockImplementation(() => ok(queueStatus([queueItem({ state: "needs_decision" })])));
    render(<QueueScreen />);
    const item = await screen.findByTestId("queue-item");
    expect(within(item).getByTestId("queue-state").textContent).toBe("Needs a decision");
    expect(item.textContent).toContain("may already have answered and billed it");
    expect(within(item).queryByTestId("queue-send-now")).toBeNull();
    fireEvent.click(within(item).getByTestId("queue-resend"));
    expect(commands.sendQueuedNow).toHaveBeenCalledWith("item-1");
  });

  it("offers nothing for a message being sent, and says so", async () => {
    commands.queueStatus.mockImplementation(() => ok(queueStatus([queueItem({ state: "sending" })])));
    render(<QueueScreen />);
    const item = await screen.findByTestId("queue-item");
    expect(within(item).getAllByRole("button").map((b) => b.textContent)).toEqual(["Trip to Lisbon"]);
    expect(within(item).getByTestId("queue-sending").textContent).toContain("Being sent now");
  });

  it("edits a question in place: Save sends the new text, Discard keeps the old", async () => {
    commands.queueStatus.mockImplementation(() => ok(queueStatus([queueItem()])));
    render(<QueueScreen />);
    fireEvent.click(await screen.findByTestId("queue-edit"));
    const text = screen.getByTestId<HTMLTextAreaElement>("queue-edit-text");
    expect(text.value).toBe("hello");
    expect(screen.getByTestId("queue-edit-save").hasAttribute("disabled")).toBe(true); // nothing changed yet
    fireEvent.change(text, { target: { value: "hello again" } });
    fireEvent.click(screen.getByTestId("queue-edit-discard"));
    expect(screen.queryByTestId("queue-edit-text")).toBeNull();
    expect(commands.editQueued).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId("queue-edit"));
    fireEvent.change(screen.getByTestId("queue-edit-text"), { target: { value: "hello again" } });
    fireEvent.click(screen.getByTestId("queue-edit-save"));
    expect(commands.editQueued).toHaveBeenCalledWith("item-1", "hello again");
    await waitFor(() => expect(screen.queryByTestId("queue-edit-text")).toBeNull());
  });

  it("shows a refused action's error and keeps the editor open", async () => {
    const error = { code: "queue_item_sending", message: "This message is being sent now", category: "invalid_request", retriable: false, trace_id: null };
    commands.queueStatus.mockImplementation(() => ok(queueStatus([queueItem()])));
    commands.editQueued.mockImplementationOnce(() => Promise.resolve({ status: "error", error }) as never);
    render(<QueueScreen />);
    fireEvent.click(await screen.findByTestId("queue-edit"));
    fireEvent.change(screen.getByTestId("queue-edit-text"), { target: { value: "changed" } });
    fireEvent.click(screen.getByTestId("queue-edit-save"));
    expect((await screen.findByTestId("error-banner")).textContent).toContain("queue_item_sending");
    expect(screen.getByTestId<HTMLTextAreaElement>("queue-edit-text").value).toBe("changed");
  });

  it("is translated", async () => {
    await i18n.changeLanguage("zh-CN");
    commands.queueStatus.mockImplementation(() => ok(queueStatus([queueItem({ state: "held" })])));
    render(<QueueScreen />);
    const item = await screen.findByTestId("queue-item");
    expect(within(item).getByTestId("queue-state").textContent).toBe("暂缓");
    expect(within(item).getByTestId("queue-send-now").textContent).toBe("立即发送");
    expect(screen.getByTestId("queue-limits").textContent).toBe("1 / 100 条消息 · 1 KB / 4,096 KB");
    await i18n.changeLanguage("en");
  });
});
