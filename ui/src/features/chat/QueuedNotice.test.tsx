import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { NOW, queueItem, queueStatus, reach } from "../../data/testQueue";
import type { Message } from "./messages";

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const commands = {
  queueStatus: vi.fn(),
  sendQueuedNow: vi.fn((_id: string) => ok({})),
  cancelQueued: vi.fn((_id: string) => ok(null)),
  editQueued: vi.fn((_id: string, _text: string) => ok({})),
  listMessages: vi.fn((_id: string) => ok([] as Message[])),
  conversationCost: () => ok(null),
};
vi.mock("../../bindings", () => ({ commands }));

const i18n = (await import("../../i18n")).default;
const { useQueue } = await import("../../data/queue");
const { useChat } = await import("./store");
const { MessageView } = await import("./MessageView");

const usage = { input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0, estimated: false };
const answer = (status: Message["status"]): Message => ({
  id: "a1", conversation_id: "c1", role: "assistant", content: "", status, provider_id: "p1", model: "deepseek-chat", trace_id: "t1",
  error: null, usage, latency_ms: null, ttft_ms: null, created_at: 1, cost: null, cached: false, saved_cost_usd_micros: null, parent_id: null, siblings: [], feedback: null,
});
const withQueue = (...items: ReturnType<typeof queueItem>[]) => {
  const status = queueStatus(items, { providers: [reach({ state: "offline", next_probe_at: NOW + 4_000 })] });
  useQueue.setState({ status, waiting: items.length });
  commands.queueStatus.mockImplementation(() => ok(status));
};

describe("a queued answer in the chat", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
    useChat.setState({ activeId: "c1", messages: [] });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    vi.clearAllMocks();
  });

  it("says where it stands in the queue, when it is tried next and its last error, and not what it cost", () => {
    const error = { code: "provider_unreachable", message: "Could not connect", category: "connect", retriable: true, trace_id: "t" } as const;
    withQueue(queueItem({ position: 2, attempts: 1, last_error: error }));
    render(<MessageView message={answer("queued")} />);
    const notice = screen.getByTestId("queued-notice");
    expect(within(notice).getByTestId("queued-heading").textContent).toBe("Queued · 2nd in the queue");
    expect(within(notice).getByTestId("queued-next-try").textContent).toBe("next try in 4 s · attempts: 1");
    expect(within(notice).getByTestId("queued-last-error").textContent).toBe("Last error: Could not connect provider_unreachable");
    expect(screen.getByText("Queued", { selector: ".badge" })).toBeTruthy();
    expect(screen.queryByTestId("message-cost")).toBeNull();
  });

  it("Send now, Edit and Cancel reach the core for its queue item, and the conversation is reloaded after", async () => {
    withQueue(queueItem());
    render(<MessageView message={answer("queued")} />);
    fireEvent.click(screen.getByTestId("queued-send-now"));
    expect(commands.sendQueuedNow).toHaveBeenCalledWith("item-1");
    fireEvent.click(screen.getByTestId("queued-cancel"));
    expect(commands.cancelQueued).toHaveBeenCalledWith("item-1");
    await waitFor(() => expect(commands.listMessages).toHaveBeenCalledWith("c1"));

    fireEvent.click(screen.getByTestId("queued-edit"));
    expect(screen.getByTestId<HTMLTextAreaElement>("queued-edit-text").value).toBe("hello");
    fireEvent.change(screen.getByTestId("queued-edit-text"), { target: { value: "hello there" } });
    fireEvent.click(screen.getByTestId("queued-edit-save"));
    expect(commands.editQueued).toHaveBeenCalledWith("item-1", "hello there");
    await waitFor(() => expect(screen.queryByTestId("queued-edit-text")).toBeNull());
  });

  it("a held one waits for the person", () => {
    withQueue(queueItem({ state: "held" }));
    render(<MessageView message={answer("queued")} />);
    expect(screen.getByTestId("queued-heading").textContent).toBe("Held — sent when you say so");
    expect(screen.getByTestId("queued-send-now").textContent).toBe("Send now");
  });

  it("one the app was sending when it closed asks for a decision, explains the possible bill, and offers Resend", () => {
    withQueue(queueItem({ state: "needs_decision" }));
    render(<MessageView message={answer("interrupted")} />);
    const notice = screen.getByTestId("queued-notice");
    expect(within(notice).getByTestId("queued-heading").textContent).toBe("Needs your decision");
    expect(notice.textContent).toContain("may already have answered and billed it");
    expect(within(notice).queryByTestId("queued-send-now")).toBeNull();
    fireEvent.click(within(notice).getByTestId("queued-resend"));
    expect(commands.sendQueuedNow).toHaveBeenCalledWith("item-1");
  });

  it("an interrupted answer the queue does not hold shows no notice; a queued one not read yet says it waits", () => {
    withQueue();
    render(<MessageView message={answer("interrupted")} />);
    expect(screen.queryByTestId("queued-notice")).toBeNull();
    cleanup();
    render(<MessageView message={answer("queued")} />);
    expect(screen.getByTestId("queued-notice").textContent).toBe("Queued — waiting to be sent");
    expect(screen.queryByRole("button", { name: "Send now" })).toBeNull();
  });

  it("is translated", async () => {
    await i18n.changeLanguage("zh-CN");
    withQueue(queueItem({ position: 2 }));
    render(<MessageView message={answer("queued")} />);
    expect(screen.getByTestId("queued-heading").textContent).toBe("已排队 · 队列第 2 位");
    expect(screen.getByTestId("queued-cancel").textContent).toBe("取消");
    await i18n.changeLanguage("en");
  });
});
