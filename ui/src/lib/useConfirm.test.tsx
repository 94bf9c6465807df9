import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import i18n from "../i18n";
import { CONFIRM_TEST_ID, useConfirm, type ConfirmAsk } from "./useConfirm";

let ask: (q: ConfirmAsk) => Promise<boolean> = () => Promise.resolve(false);
function Host() {
  const [confirm, dialog] = useConfirm();
  ask = confirm;
  return <>{dialog}</>;
}
const question = { title: "Delete thing", message: "Delete “x”?", confirmLabel: "Delete" };

describe("useConfirm", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  afterEach(cleanup);

  it("asks in the app and answers true on confirm, false on cancel or Esc", async () => {
    render(<Host />);
    expect(screen.queryByTestId(CONFIRM_TEST_ID)).toBeNull();

    let answer: Promise<boolean> = Promise.resolve(false);
    act(() => void (answer = ask(question)));
    const dialog = screen.getByTestId(CONFIRM_TEST_ID);
    expect(dialog.getAttribute("role")).toBe("dialog");
    expect(dialog.textContent).toContain("Delete thing");
    expect(dialog.textContent).toContain("Delete “x”?");
    expect(document.activeElement).toBe(screen.getByTestId(`${CONFIRM_TEST_ID}-confirm`));
    fireEvent.click(screen.getByTestId(`${CONFIRM_TEST_ID}-confirm`));
    expect(await answer).toBe(true);
    expect(screen.queryByTestId(CONFIRM_TEST_ID)).toBeNull();

    act(() => void (answer = ask(question)));
    fireEvent.click(screen.getByTestId(`${CONFIRM_TEST_ID}-cancel`));
    expect(await answer).toBe(false);

    act(() => void (answer = ask(question)));
    fireEvent.keyDown(screen.getByTestId(CONFIRM_TEST_ID), { key: "Escape" });
    expect(await answer).toBe(false);
    expect(screen.queryByTestId(CONFIRM_TEST_ID)).toBeNull();
  });

  it("a second question replaces the first, which counts as cancelled", async () => {
    render(<Host />);
    let first: Promise<boolean> = Promise.resolve(true);
    act(() => void (first = ask(question)));
    act(() => void ask({ ...question, message: "the other" }));
    expect(await first).toBe(false);
    expect(screen.getByTestId(CONFIRM_TEST_ID).textContent).toContain("the other");
  });
});

// window.confirm in a webview shows a browser dialog titled "JavaScript - tauri://localhost".
const sources = import.meta.glob(["../**/*.tsx", "../**/*.ts", "!../**/*.test.tsx", "!../**/*.test.ts", "!../bindings.ts"], { query: "?raw", import: "default", eager: true }) as Record<string, string>;

describe("no raw browser dialogs", () => {
  it("nothing in the UI calls confirm(), alert() or prompt()", () => {
    const raw = Object.entries(sources).flatMap(([file, text]) =>
      [...text.matchAll(/(?<![\w.])(?:window\.)?(confirm|alert|prompt)\(/g)].map((m) => `${file}: ${m[0]}`),
    );
    expect(Object.keys(sources).length).toBeGreaterThan(50);
    expect(raw).toEqual([]);
  });
});
