import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const searchMessages = vi.fn();
const switchBranch = vi.fn();
vi.mock("../../../bindings", () => ({
  commands: {
    searchMessages: (q: string, limit: number) => searchMessages(q, limit),
    switchBranch: (id: string) => switchBranch(id),
  },
}));

const i18n = (await import("../../../i18n")).default;
const { useOverlays } = await import("../../../data/overlays");
const { useNavigation } = await import("../../../data/navigation");
const { SearchDialog } = await import("./SearchDialog");

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const hit = (n: number, role: "user" | "assistant", snippet: { text: string; hit: boolean }[]) => ({
  conversation_id: `c${n}`, conversation_title: `Conversation ${n}`, message_id: `m${n}`, role, created_at: Date.UTC(2024, 4, n, 9, 30), snippet,
});
const HITS = [
  hit(1, "assistant", [{ text: "Pack a ", hit: false }, { text: "tent", hit: true }, { text: " and <b>boots</b>", hit: false }]),
  hit(2, "user", [{ text: "帐篷", hit: true }, { text: "多少钱", hit: false }]),
  hit(3, "user", [{ text: "which ", hit: false }, { text: "Tent", hit: true }]),
];

const openDialog = () => {
  act(() => useOverlays.getState().show("search"));
  render(<SearchDialog />);
  return screen.getByTestId("search-input") as HTMLInputElement;
};
const type = (input: HTMLElement, value: string) => fireEvent.change(input, { target: { value } });
const selected = () => screen.getAllByTestId("search-result").findIndex((r) => r.getAttribute("aria-selected") === "true");

describe("the search dialog", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  beforeEach(() => {
    searchMessages.mockReset().mockImplementation(() => ok(HITS));
    switchBranch.mockReset().mockImplementation(() => ok([]));
    useOverlays.setState({ open: null });
    useNavigation.setState({ screen: "usage", chatFocus: null });
  });
  afterEach(cleanup);

  it("is shown only while open, with the cursor in its box and a hint before anything is typed", () => {
    const { unmount } = render(<SearchDialog />);
    expect(screen.queryByTestId("search-dialog")).toBeNull();
    unmount();
    const input = openDialog();
    expect(document.activeElement).toBe(input);
    expect(screen.getByTestId("search-hint")).toBeTruthy();
    type(input, "   ");
    expect(screen.getByTestId("search-hint")).toBeTruthy();
    expect(searchMessages).not.toHaveBeenCalled();
  });

  it("shows each hit's conversation, who wrote it, when, and the matched words marked — as text, never HTML", async () => {
    type(openDialog(), "tent");
    const rows = await screen.findAllByTestId("search-result");
    expect(searchMessages).toHaveBeenCalledWith("tent", expect.any(Number));
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => within(r).getByTestId("search-result-title").textContent)).toEqual(["Conversation 1", "Conversation 2", "Conversation 3"]);
    expect(rows.map((r) => within(r).getByTestId("search-result-role").textContent)).toEqual(["Assistant", "You", "You"]);
    const date = within(rows[0]).getByTestId("search-result-date");
    expect(date.getAttribute("datetime")).toBe(new Date(HITS[0].created_at).toISOString());
    expect(date.textContent).toMatch(/2024/);
    expect([...rows[0].querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["tent"]);
    expect([...rows[1].querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["帐篷"]);
    expect(within(rows[0]).getByTestId("search-snippet").textContent).toBe("Pack a tent and <b>boots</b>");
    expect(rows[0].querySelector("b")).toBeNull();
  });

  it("moves the selection with ↑/↓ within the results, and Enter opens the selected one at its message", async () => {
    const input = openDialog();
    type(input, "tent");
    await screen.findAllByTestId("search-result");
    expect(selected()).toBe(0);
    fireEvent.keyDown(input, { key: "ArrowUp" });
    expect(selected()).toBe(0);
    fireEvent.keyDown(input, { key: "ArrowDown" });
    fireEvent.keyDown(input, { key: "ArrowDown" });
    fireEvent.keyDown(input, { key: "ArrowDown" });
    expect(selected()).toBe(2);
    fireEvent.keyDown(input, { key: "ArrowUp" });
    expect(selected()).toBe(1);
    fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() => expect(screen.queryByTestId("search-dialog")).toBeNull());
    expect(switchBranch).toHaveBeenCalledWith("m2");
    expect(useNavigation.getState()).toMatchObject({ screen: "chat", chatFocus: { conversationId: "c2", messageId: "m2" } });
  });

  it("shows the hit's branch before the chat opens it", async () => {
    const order: string[] = [];
    switchBranch.mockImplementation(() => {
      order.push(`switch, chat focus ${JSON.stringify(useNavigation.getState().chatFocus)}`);
      return ok([]);
    });
    type(openDialog(), "tent");
    fireEvent.click((await screen.findAllByTestId("search-result"))[2]);
    await waitFor(() => expect(useNavigation.getState().chatFocus).toEqual({ conversationId: "c3", messageId: "m3" }));
    expect(order).toEqual(["switch, chat focus null"]);
  });

  it("keeps the dialog open with the error when the branch cannot be shown", async () => {
    switchBranch.mockImplementation(() => Promise.resolve({ status: "error", error: { code: "not_found", message: "message gone", category: "not_found", retriable: false, trace_id: "t9" } }));
    type(openDialog(), "tent");
    fireEvent.click((await screen.findAllByTestId("search-result"))[0]);
    expect((await screen.findByTestId("error-banner")).textContent).toContain("t9");
    expect(screen.getByTestId("search-dialog")).toBeTruthy();
    expect(useNavigation.getState().chatFocus).toBeNull();
  });

  it("does not open a hit on Enter while an input method composes", async () => {
    const input = openDialog();
    type(input, "tent");
    await screen.findAllByTestId("search-result");
    fireEvent.keyDown(input, { key: "Enter", isComposing: true });
    fireEvent.keyDown(input, { key: "Enter", keyCode: 229 });
    fireEvent.keyDown(input, { key: "Escape", isComposing: true });
    expect(screen.getByTestId("search-dialog")).toBeTruthy();
    expect(switchBranch).not.toHaveBeenCalled();
  });

  it("closes on Esc", () => {
    fireEvent.keyDown(openDialog(), { key: "Escape" });
    expect(screen.queryByTestId("search-dialog")).toBeNull();
    expect(useOverlays.getState().open).toBeNull();
  });

  it("says when nothing matches, and shows an error the core gives", async () => {
    searchMessages.mockImplementation((q: string) =>
      q === "zzz" ? ok([]) : Promise.resolve({ status: "error", error: { code: "storage", message: "database is locked", category: "storage", retriable: true, trace_id: "t1" } }),
    );
    const input = openDialog();
    type(input, "zzz");
    expect((await screen.findByTestId("search-no-results")).textContent).toContain("zzz");
    type(input, "boom");
    expect((await screen.findByTestId("error-banner")).textContent).toContain("t1");
    expect(screen.queryByTestId("search-no-results")).toBeNull();
  });
});
