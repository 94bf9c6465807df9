import { act, renderHook, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

const searchMessages = vi.fn();
vi.mock("../../../bindings", () => ({ commands: { searchMessages: (q: string, limit: number) => searchMessages(q, limit) } }));
const { useSearch, SEARCH_DELAY_MS } = await import("./useSearch");

const hits = (q: string) => [{ conversation_id: "c", conversation_title: q, message_id: `m-${q}`, role: "user", created_at: 1, snippet: [{ text: q, hit: true }] }];
const later = () => {
  let resolve!: (v: unknown) => void;
  const promise = new Promise((r) => (resolve = r));
  return { promise, resolve };
};
const wait = (ms: number) => act(() => new Promise((r) => setTimeout(r, ms)));

describe("searching as the person types", () => {
  beforeEach(() => searchMessages.mockReset().mockImplementation((q: string) => Promise.resolve({ status: "ok", data: hits(q) })));

  it("asks once typing pauses, with the last text, trimmed", async () => {
    const { result, rerender } = renderHook(({ q }) => useSearch(q), { initialProps: { q: "" } });
    for (const q of ["t", "te", "ten", "tent "]) rerender({ q });
    await wait(SEARCH_DELAY_MS / 2);
    expect(searchMessages).not.toHaveBeenCalled();
    expect(result.current.status).toBe("loading");
    await waitFor(() => expect(result.current.status).toBe("done"));
    expect(searchMessages.mock.calls.map((c) => c[0])).toEqual(["tent"]);
    expect(searchMessages.mock.calls[0][1]).toBeGreaterThan(0);
  });

  it("never asks for an empty query, and clears the results when the box is emptied", async () => {
    const { result, rerender } = renderHook(({ q }) => useSearch(q, 0), { initialProps: { q: "tent" } });
    await waitFor(() => expect(result.current.status).toBe("done"));
    rerender({ q: "  " });
    await wait(SEARCH_DELAY_MS);
    expect(result.current.status).toBe("idle");
    expect(searchMessages).toHaveBeenCalledTimes(1);
  });

  it("drops an older answer that arrives after a newer one", async () => {
    const slow = later();
    const fast = later();
    searchMessages.mockImplementation((q: string) => (q === "old" ? slow.promise : fast.promise));
    const { result, rerender } = renderHook(({ q }) => useSearch(q, 0), { initialProps: { q: "old" } });
    await waitFor(() => expect(searchMessages).toHaveBeenCalledWith("old", expect.any(Number)));
    rerender({ q: "new" });
    await waitFor(() => expect(searchMessages).toHaveBeenCalledWith("new", expect.any(Number)));
    await act(async () => fast.resolve({ status: "ok", data: hits("new") }));
    await act(async () => slow.resolve({ status: "ok", data: hits("old") }));
    expect(result.current).toMatchObject({ status: "done", query: "new", hits: [{ message_id: "m-new" }] });
  });

  it("drops an older answer that arrives while the newer query still waits for the pause", async () => {
    const slow = later();
    searchMessages.mockImplementation((q: string) => (q === "old" ? slow.promise : Promise.resolve({ status: "ok", data: hits(q) })));
    const { result, rerender } = renderHook(({ q }) => useSearch(q, 50), { initialProps: { q: "old" } });
    await waitFor(() => expect(searchMessages).toHaveBeenCalledTimes(1));
    rerender({ q: "new" });
    await act(async () => slow.resolve({ status: "ok", data: hits("old") }));
    expect(result.current.status).toBe("loading");
    await waitFor(() => expect(result.current).toMatchObject({ status: "done", query: "new" }));
  });
});
