import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import type { Cost } from "../../bindings";
import { MessageView } from "./MessageView";
import type { Message } from "./messages";

const answer = (cost: Cost | null, trace_id: string | null = "t1"): Message => ({
  id: "a1", conversation_id: "c", role: "assistant", content: "hi", status: "complete", provider_id: "p", model: "m",
  trace_id, error: null, latency_ms: 900, ttft_ms: 200, created_at: 1, cost, cached: false, saved_cost_usd_micros: null, parent_id: null, siblings: [], feedback: null,
  usage: { input_tokens: 10, output_tokens: 5, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0, estimated: false },
});
const priced = (over: Partial<Cost>): Cost => ({ micros: 0, currency: "USD", usd_micros: 0, usd_per_unit_micros: 1_000_000, source: "genai_prices", ...over });

describe("an answer's cost", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  afterEach(cleanup);

  it("shows the price, in its own currency with dollars beside it", () => {
    render(<MessageView message={answer(priced({ micros: 85_000, currency: "CNY", usd_micros: 11_800 }))} />);
    expect(screen.getByTestId("message-cost").textContent).toBe("¥0.0850 (~$0.0118)");
  });

  it("says unpriced instead of $0, and free for a local model", () => {
    render(<MessageView message={answer(null)} />);
    expect(screen.getByTestId("message-cost").textContent).toBe("unpriced");
    cleanup();
    render(<MessageView message={answer(priced({ source: "local" }))} />);
    expect(screen.getByTestId("message-cost").textContent).toBe("free");
  });

  it("shows no cost for an answer that never reached a provider", () => {
    render(<MessageView message={answer(null, null)} />);
    expect(screen.queryByTestId("message-cost")).toBeNull();
  });
});

describe("an answer from the response cache", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  afterEach(cleanup);
  const cached = (saved: number | null): Message => ({ ...answer(priced({ source: "cached" })), cached: true, saved_cost_usd_micros: saved });

  it("carries a Cached badge with what its first call cost, explained in the tooltip", () => {
    render(<MessageView message={cached(1_200)} />);
    const badge = screen.getByTestId("message-cached");
    expect(badge.textContent).toBe("Cached · saved $0.0012");
    expect(badge.getAttribute("title")).toBe(
      "Answered from the response cache: nothing was sent to the provider and nothing was billed. The first time, this answer cost $0.0012.",
    );
  });

  it("says only Cached when the first call's cost is unknown or nothing", () => {
    render(<MessageView message={cached(null)} />);
    expect(screen.getByTestId("message-cached").textContent).toBe("Cached");
    expect(screen.getByTestId("message-cached").getAttribute("title")).not.toContain("$");
    cleanup();
    render(<MessageView message={cached(0)} />);
    expect(screen.getByTestId("message-cached").textContent).toBe("Cached");
  });

  it("is not shown for an answer a provider wrote, nor for the question", () => {
    render(<MessageView message={answer(priced({ micros: 1_200, usd_micros: 1_200 }))} />);
    expect(screen.queryByTestId("message-cached")).toBeNull();
    cleanup();
    render(<MessageView message={{ ...cached(1_200), role: "user" }} />);
    expect(screen.queryByTestId("message-cached")).toBeNull();
  });

  it("is translated", async () => {
    await i18n.changeLanguage("zh-CN");
    render(<MessageView message={cached(1_200)} />);
    expect(screen.getByTestId("message-cached").textContent).toBe("缓存 · 节省 $0.0012");
    await i18n.changeLanguage("en");
  });
});

describe("a message's actions", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  afterEach(cleanup);
  const writeText = vi.fn().mockResolvedValue(undefined);
  Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText } });
  const failed = (): Message => ({ ...answer(null, null), content: "partial", status: "error" });

  it("Copy copies the message's own text, the question's too", async () => {
    render(<MessageView message={{ ...answer(null), content: "**bold** answer" }} />);
    fireEvent.click(screen.getByTestId("message-copy"));
    await waitFor(() => expect(writeText).toHaveBeenLastCalledWith("**bold** answer"));
    expect(screen.getByTestId("message-copy").textContent).toBe("Copied");
    cleanup();
    render(<MessageView message={{ ...answer(null), role: "user", content: "my question" }} />);
    fireEvent.click(screen.getByTestId("message-copy"));
    await waitFor(() => expect(writeText).toHaveBeenLastCalledWith("my question"));
  });

  it("a failed answer offers Retry, any other that ended Regenerate; both ask again", () => {
    const onRegenerate = vi.fn();
    render(<MessageView message={failed()} onRegenerate={onRegenerate} />);
    fireEvent.click(screen.getByTestId("message-retry"));
    expect(onRegenerate).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId("message-regenerate")).toBeNull();
    cleanup();
    render(<MessageView message={answer(null)} onRegenerate={onRegenerate} />);
    expect(screen.queryByTestId("message-retry")).toBeNull();
    fireEvent.click(screen.getByTestId("message-regenerate"));
    expect(onRegenerate).toHaveBeenCalledTimes(2);
    cleanup();
    render(<MessageView message={failed()} />); // another answer streams: nothing to ask again now
    expect(screen.queryByTestId("message-retry")).toBeNull();
    expect(screen.queryByTestId("message-regenerate")).toBeNull();
  });

  it("shows which version of a message this is and switches to the others", () => {
    const onSwitch = vi.fn();
    render(<MessageView message={{ ...answer(null), id: "b", siblings: ["a", "b", "c"] }} onSwitch={onSwitch} />);
    expect(screen.getByTestId("branch-position").textContent).toBe("2/3");
    fireEvent.click(screen.getByTestId("branch-previous"));
    fireEvent.click(screen.getByTestId("branch-next"));
    expect(onSwitch.mock.calls).toEqual([["a"], ["c"]]);
    cleanup();
    render(<MessageView message={{ ...answer(null), id: "a", siblings: ["a", "b"] }} onSwitch={onSwitch} />);
    expect((screen.getByTestId("branch-previous") as HTMLButtonElement).disabled).toBe(true);
    cleanup();
    render(<MessageView message={{ ...answer(null), id: "a", siblings: ["a"] }} onSwitch={onSwitch} />);
    expect(screen.queryByTestId("branch-switcher")).toBeNull();
  });

  it("edits a question in place and sends it only when it changed; Cancel keeps it", () => {
    const onEditSend = vi.fn();
    const question = { ...answer(null), role: "user" as const, content: "first try" };
    render(<MessageView message={question} onEditSend={onEditSend} />);
    fireEvent.click(screen.getByTestId("message-edit"));
    const input = screen.getByTestId("message-edit-input") as HTMLTextAreaElement;
    expect(input.value).toBe("first try");
    expect((screen.getByTestId("message-edit-send") as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(input, { target: { value: "second try" } });
    fireEvent.click(screen.getByTestId("message-edit-send"));
    expect(onEditSend).toHaveBeenCalledWith("second try");
    expect(screen.queryByTestId("message-edit-input")).toBeNull();
    fireEvent.click(screen.getByTestId("message-edit"));
    fireEvent.change(screen.getByTestId("message-edit-input"), { target: { value: "dropped" } });
    fireEvent.click(screen.getByTestId("message-edit-cancel"));
    expect(onEditSend).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId("message-body").textContent).toBe("first try");
  });

  it("offers Delete only when given", () => {
    const onDelete = vi.fn();
    render(<MessageView message={answer(null)} onDelete={onDelete} />);
    fireEvent.click(screen.getByTestId("message-delete"));
    expect(onDelete).toHaveBeenCalledTimes(1);
    cleanup();
    render(<MessageView message={answer(null)} />);
    expect(screen.queryByTestId("message-delete")).toBeNull();
  });
});

describe("which provider answered", () => {
  afterEach(cleanup);

  it("names the provider of the answer (after a route's fallback, the one that took the call), and nothing it does not know", async () => {
    const { useProviders } = await import("../../data/providers");
    const provider = (id: string, name: string) => ({ id, name, preset: "openai", base_url: "", has_key: true, extra_headers: [], default_model: "m", models: [], created_at: 1, updated_at: 1 });
    useProviders.setState({ providers: [provider("p1", "First"), provider("p2", "Backup")] });
    const { rerender } = render(<MessageView message={{ ...answer(null), provider_id: "p2" }} />);
    expect(screen.getByTestId("answered-by").textContent).toBe("by Backup");
    rerender(<MessageView message={{ ...answer(null), provider_id: "gone" }} />);
    expect(screen.queryByTestId("answered-by")).toBeNull();
    useProviders.setState({ providers: [] });
  });
});
