import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const i18n = (await import("../../i18n")).default;
const { useOverlays } = await import("../../data/overlays");
const { useNavigation } = await import("../../data/navigation");
const { useGlobalShortcuts } = await import("./useGlobalShortcuts");
const { ShortcutsSheet } = await import("./ShortcutsSheet");

function Harness() {
  useGlobalShortcuts();
  return (
    <>
      <textarea data-testid="box" />
      <ShortcutsSheet />
    </>
  );
}
const rows = () => screen.getAllByTestId("shortcut").map((r) => [r.querySelector("td")!.textContent, [...r.querySelectorAll("kbd")].map((k) => k.textContent).join(" ")]);

describe("the keyboard shortcuts sheet", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  beforeEach(() => {
    useOverlays.setState({ open: null });
    useNavigation.setState({ screen: "chat", newChatAsked: false });
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it("opens with Ctrl+/ (also from a text box) and lists every shortcut with Ctrl off macOS", () => {
    vi.spyOn(navigator, "platform", "get").mockReturnValue("Linux x86_64");
    render(<Harness />);
    expect(screen.queryByTestId("shortcuts-sheet")).toBeNull();
    fireEvent.keyDown(screen.getByTestId("box"), { key: "/", ctrlKey: true });
    expect(screen.getByTestId("shortcuts-sheet")).toBeTruthy();
    expect(rows()).toEqual([
      ["Send the message", "Enter"],
      ["New line in the message", "Shift Enter"],
      ["New chat", "Ctrl N"],
      ["Open a compare pane", "Ctrl \\"],
      ["Search every conversation", "Ctrl K"],
      ["Stop the answer being written", "Esc"],
      ["Edit your last question (in an empty message box)", "↑"],
      ["Show these shortcuts", "Ctrl /"],
    ]);
    fireEvent.click(screen.getByTestId("shortcuts-close"));
    expect(screen.queryByTestId("shortcuts-sheet")).toBeNull();
  });

  it("shows ⌘ on macOS, where ⌘ (not Ctrl) opens it", () => {
    vi.spyOn(navigator, "platform", "get").mockReturnValue("MacIntel");
    render(<Harness />);
    fireEvent.keyDown(screen.getByTestId("box"), { key: "/", ctrlKey: true });
    expect(screen.queryByTestId("shortcuts-sheet")).toBeNull();
    fireEvent.keyDown(screen.getByTestId("box"), { key: "/", metaKey: true });
    expect(rows().map((r) => r[1])).toEqual(["Enter", "Shift Enter", "⌘ N", "⌘ \\", "⌘ K", "Esc", "↑", "⌘ /"]);
  });

  it("is in Chinese too", async () => {
    await i18n.changeLanguage("zh-CN");
    act(() => useOverlays.getState().show("shortcuts"));
    render(<ShortcutsSheet />);
    expect(rows()[2][0]).toBe("新对话");
    await i18n.changeLanguage("en");
  });

  it("Ctrl+N closes it and asks the chat for a new conversation, but waits while another dialog asks something", () => {
    render(<Harness />);
    act(() => useOverlays.getState().show("shortcuts"));
    useNavigation.setState({ screen: "usage" });
    fireEvent.keyDown(screen.getByTestId("box"), { key: "n", ctrlKey: true });
    expect(useOverlays.getState().open).toBeNull();
    expect(useNavigation.getState()).toMatchObject({ screen: "chat", newChatAsked: true });

    useNavigation.setState({ newChatAsked: false });
    const confirm = document.body.appendChild(Object.assign(document.createElement("div"), { role: "dialog" }));
    confirm.setAttribute("role", "dialog");
    fireEvent.keyDown(screen.getByTestId("box"), { key: "n", ctrlKey: true });
    expect(useNavigation.getState().newChatAsked).toBe(false);
    confirm.remove();
  });

  it("Ctrl+\\ asks the chat for a compare pane from any screen, and not for a new chat", () => {
    vi.spyOn(navigator, "platform", "get").mockReturnValue("Linux x86_64");
    render(<Harness />);
    useNavigation.setState({ screen: "usage", newChatAsked: false, comparePaneAsked: false });
    fireEvent.keyDown(screen.getByTestId("box"), { key: "\\", ctrlKey: true });
    expect(useNavigation.getState()).toMatchObject({ screen: "chat", comparePaneAsked: true, newChatAsked: false });
    useNavigation.getState().clearComparePane();
    fireEvent.keyDown(screen.getByTestId("box"), { key: "\\", altKey: true, ctrlKey: true });
    expect(useNavigation.getState().comparePaneAsked).toBe(false);
  });
});
