import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { AppInfo_Serialize, Folder } from "../../bindings";

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const openFolder = vi.fn();
const diagnostics = vi.fn();
vi.mock("../../bindings", () => ({
  commands: { openFolder: (f: Folder) => openFolder(f), diagnostics: () => diagnostics() },
}));

const i18n = (await import("../../i18n")).default;
const { AboutCard } = await import("./AboutCard");

const info: AppInfo_Serialize = {
  version: "1.1.0", data_dir: "/home/ann/.local/share/dev.switchyard", log_dir: "/home/ann/.local/share/dev.switchyard/logs",
  tauri_version: "2.5.1", webview_version: "WebKitGTK 2.46.5", os: "Ubuntu 24.04 (x86_64)",
};
const REPORT = "Switchyard 1.1.0\nTauri 2.5.1\nproviders: 2";

function setClipboard(writeText: ((text: string) => Promise<void>) | undefined) {
  Object.defineProperty(navigator, "clipboard", { value: writeText ? { writeText } : undefined, configurable: true });
}

describe("the About card", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  beforeEach(() => {
    openFolder.mockImplementation(() => ok(null));
    diagnostics.mockImplementation(() => ok(REPORT));
  });
  afterEach(() => {
    cleanup();
    setClipboard(undefined);
  });

  it("shows the versions, the system and both folders", () => {
    render(<AboutCard info={info} />);
    expect(screen.getByTestId("about-version").textContent).toBe("1.1.0");
    expect(screen.getByTestId("about-data-dir").textContent).toBe(info.data_dir);
    expect(screen.getByTestId("about-log-dir").textContent).toBe(info.log_dir);
    expect(screen.getByTestId("about-data-dir").tagName).toBe("CODE");
    const text = screen.getByTestId("about-card").textContent;
    for (const fact of ["2.5.1", "WebKitGTK 2.46.5", "Ubuntu 24.04 (x86_64)"]) expect(text).toContain(fact);
  });

  it("says so when the WebView version is unknown", () => {
    render(<AboutCard info={{ ...info, webview_version: null }} />);
    expect(screen.getByTestId("about-card").textContent).toContain("WebViewunknown");
  });

  it("opens each folder, and shows why one could not be opened", async () => {
    render(<AboutCard info={info} />);
    fireEvent.click(screen.getByTestId("open-data-dir"));
    await waitFor(() => expect(openFolder).toHaveBeenCalledWith("data"));
    openFolder.mockImplementation(() => Promise.resolve({ status: "error", error: { code: "internal", message: "The file manager could not open /logs", category: "internal", retriable: false, trace_id: null } }));
    fireEvent.click(screen.getByTestId("open-log-dir"));
    await waitFor(() => expect(openFolder).toHaveBeenCalledWith("logs"));
    expect((await screen.findByTestId("error-banner")).textContent).toContain("The file manager could not open /logs");
  });

  it("copies the diagnostics to the clipboard and says so", async () => {
    const writeText = vi.fn(async () => {});
    setClipboard(writeText);
    render(<AboutCard info={info} />);
    expect(screen.queryByTestId("diagnostics-copied")).toBeNull();
    fireEvent.click(screen.getByTestId("copy-diagnostics"));
    expect((await screen.findByTestId("diagnostics-copied")).textContent).toBe("Copied");
    expect(writeText).toHaveBeenCalledWith(REPORT);
    expect(screen.queryByTestId("diagnostics-text")).toBeNull();
  });

  it("shows the text to copy by hand when there is no clipboard, or it refuses", async () => {
    setClipboard(undefined);
    render(<AboutCard info={info} />);
    fireEvent.click(screen.getByTestId("copy-diagnostics"));
    const text = await screen.findByTestId<HTMLTextAreaElement>("diagnostics-text");
    expect(text.value).toBe(REPORT);
    expect(text.readOnly).toBe(true);
    expect(screen.queryByTestId("diagnostics-copied")).toBeNull();
    cleanup();

    setClipboard(() => Promise.reject(new Error("not allowed")));
    render(<AboutCard info={info} />);
    fireEvent.click(screen.getByTestId("copy-diagnostics"));
    expect((await screen.findByTestId<HTMLTextAreaElement>("diagnostics-text")).value).toBe(REPORT);
  });

  it("reads in Chinese", async () => {
    await i18n.changeLanguage("zh-CN");
    render(<AboutCard info={info} />);
    expect(screen.getByTestId("copy-diagnostics").textContent).toBe("复制诊断信息");
    expect(screen.getByTestId("open-data-dir").textContent).toBe("打开文件夹");
    expect(screen.getByRole("heading").textContent).toBe("关于");
    await i18n.changeLanguage("en");
  });
});
