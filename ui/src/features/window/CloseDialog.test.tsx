import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { testSettings } from "../../data/testSettings";

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
let ask: ((e: { payload: null }) => void) | null = null;
const closeMainWindow = vi.fn();
const getSettings = vi.fn();
vi.mock("../../bindings", () => ({
  events: {
    closeAsked: {
      listen: (cb: (e: { payload: null }) => void) => {
        ask = cb;
        return Promise.resolve(() => void (ask = null));
      },
    },
  },
  commands: {
    closeMainWindow: (keep: boolean) => closeMainWindow(keep),
    getSettings: () => getSettings(),
    appInfo: () => Promise.resolve({ version: "1.1.0", data_dir: "/d", log_dir: "/d/logs", tauri_version: "2.5.0", webview_version: null, os: "Linux" }),
  },
}));

const i18n = (await import("../../i18n")).default;
const { useSettings } = await import("../../data/settings");
const { CloseDialog } = await import("./CloseDialog");

async function askToClose() {
  render(<CloseDialog />);
  await waitFor(() => expect(ask).not.toBeNull());
  expect(screen.queryByTestId("close-dialog")).toBeNull();
  act(() => ask!({ payload: null }));
  return screen.getByRole("dialog", { name: i18n.t("window.close.title") });
}

describe("the close question", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  beforeEach(() => {
    closeMainWindow.mockReset();
    closeMainWindow.mockImplementation(() => ok(null));
    getSettings.mockImplementation(() => ok(testSettings({ close_to_tray: true })));
    useSettings.setState({ settings: testSettings() });
  });
  afterEach(cleanup);

  it("asks when the shell says the window is being closed, and explains the tray", async () => {
    const dialog = await askToClose();
    expect(screen.getByRole("heading").textContent).toBe("Keep Switchyard running in the tray?");
    expect(dialog.getAttribute("data-testid")).toBe("close-dialog");
    expect(dialog.textContent).toContain("the local gateway keeps serving your other tools");
    expect(dialog.textContent).toContain("Click the tray icon to open the window again.");
    expect(dialog.textContent).toContain("Settings → Window");
  });

  it("Keep running in tray answers true, and Settings then shows the saved choice", async () => {
    await askToClose();
    fireEvent.click(screen.getByTestId("close-keep"));
    await waitFor(() => expect(closeMainWindow).toHaveBeenCalledWith(true));
    await waitFor(() => expect(screen.queryByTestId("close-dialog")).toBeNull());
    await waitFor(() => expect(useSettings.getState().settings?.close_to_tray).toBe(true));
  });

  it("Quit answers false", async () => {
    await askToClose();
    fireEvent.click(screen.getByTestId("close-quit"));
    await waitFor(() => expect(closeMainWindow).toHaveBeenCalledWith(false));
    expect(closeMainWindow).not.toHaveBeenCalledWith(true);
  });

  it("shows a refused answer and stays open; Escape keeps the window", async () => {
    closeMainWindow.mockImplementation(() => Promise.resolve({ status: "error", error: { code: "storage_failed", message: "disk is full", category: "storage", retriable: true, trace_id: null } }));
    await askToClose();
    fireEvent.click(screen.getByTestId("close-keep"));
    expect((await screen.findByTestId("error-banner")).textContent).toContain("disk is full");
    fireEvent.keyDown(screen.getByTestId("close-dialog"), { key: "Escape" });
    expect(screen.queryByTestId("close-dialog")).toBeNull();
  });

  it("reads in Chinese", async () => {
    await i18n.changeLanguage("zh-CN");
    await askToClose();
    expect(screen.getByTestId("close-keep").textContent).toBe("最小化到托盘");
    expect(screen.getByTestId("close-quit").textContent).toBe("退出");
    await i18n.changeLanguage("en");
  });
});
