import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { UpdateMode, UpdateStatus_Serialize } from "../../bindings";
import { available, downloading, failed, fakeUpdateEvents, installing, ready } from "../../data/testUpdates";
import { testSettings } from "../../data/testSettings";

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const updateStatus = vi.fn();
const checkForUpdate = vi.fn();
const downloadUpdate = vi.fn();
const installUpdate = vi.fn();
vi.mock("../../bindings", () => ({
  commands: {
    updateStatus: () => updateStatus(),
    checkForUpdate: () => checkForUpdate(),
    downloadUpdate: () => downloadUpdate(),
    installUpdate: () => installUpdate(),
  },
}));

const i18n = (await import("../../i18n")).default;
const { useSettings } = await import("../../data/settings");
const { useUpdates, watchUpdates } = await import("../../data/updates");
const { UpdateDialog } = await import("./UpdateDialog");

let shell = fakeUpdateEvents();
let stop: () => void = () => {};

/** The dialog, listening to update-changed, with `mode` saved. */
async function mount(mode: UpdateMode = "notify") {
  useSettings.setState({ settings: testSettings({ updates: mode }) });
  shell = fakeUpdateEvents();
  stop = watchUpdates(shell.source);
  render(<UpdateDialog />);
  await waitFor(() => expect(shell.listening()).toBe(true));
}
const emit = (status: UpdateStatus_Serialize) => act(() => shell.emit(status));

describe("the update dialog", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  beforeEach(() => {
    useUpdates.setState({ status: { state: "idle" }, open: false, dismissed: null, asked: false });
    updateStatus.mockImplementation(() => Promise.resolve({ state: "idle" }));
    downloadUpdate.mockImplementation(() => ok(downloading(0, null)));
    installUpdate.mockImplementation(() => new Promise(() => {})); // it restarts: no answer comes
  });
  afterEach(() => {
    stop();
    cleanup();
  });

  it("opens when a new version is found in notify mode, with the versions, date and release notes as written", async () => {
    await mount("notify");
    expect(screen.queryByTestId("update-dialog")).toBeNull();
    emit(available());
    const dialog = screen.getByRole("dialog", { name: "Update available" });
    expect(dialog.getAttribute("data-testid")).toBe("update-dialog");
    expect(dialog.getAttribute("aria-labelledby")).toBeTruthy();
    expect(within(dialog).getByTestId("update-headline").textContent).toBe("Switchyard 1.2.0 is available (you have 1.1.0).");
    expect(within(dialog).getByTestId("update-notes").textContent).toBe("Faster start.\nFixes the tray menu.");
    expect(within(dialog).getByTestId("update-date").textContent).toContain("2025");
  });

  it("stays closed for a version found in the background when the mode is not notify, and opens after Check now", async () => {
    await mount("off");
    emit(available());
    expect(screen.queryByTestId("update-dialog")).toBeNull();
    checkForUpdate.mockImplementation(() => ok(available()));
    await act(() => useUpdates.getState().check());
    expect(screen.getByTestId("update-dialog")).toBeTruthy();
  });

  it("downloads, and shows the progress with a value, or moving without one when the size is unknown", async () => {
    await mount();
    emit(available());
    fireEvent.click(screen.getByTestId("update-download"));
    await waitFor(() => expect(downloadUpdate).toHaveBeenCalledTimes(1));
    emit(downloading(5 * 1024 * 1024, 10 * 1024 * 1024));
    const bar = screen.getByRole("progressbar");
    expect(bar.getAttribute("data-testid")).toBe("update-progress");
    expect(bar.getAttribute("aria-valuenow")).toBe("50");
    expect(screen.getByTestId("update-bytes").textContent).toBe("5 MB of 10 MB (50%)");
    emit(downloading(3 * 1024 * 1024, null));
    expect(screen.getByTestId("update-progress").hasAttribute("aria-valuenow")).toBe(false);
    expect(screen.getByTestId("update-progress").className).toContain("indeterminate");
    expect(screen.getByTestId("update-bytes").textContent).toBe("3 MB downloaded");
  });

  it("offers Restart now once downloaded, which installs; Escape does nothing while installing", async () => {
    await mount();
    emit(ready());
    expect(screen.getByTestId("update-ready").textContent).toContain("restart from Settings → Updates");
    fireEvent.click(screen.getByTestId("update-restart"));
    await waitFor(() => expect(installUpdate).toHaveBeenCalledTimes(1));
    emit(installing());
    fireEvent.keyDown(screen.getByTestId("update-dialog"), { key: "Escape" });
    expect(screen.getByTestId("update-installing")).toBeTruthy();
  });

  it("says Later installs it at quit in install-on-restart mode, and opens for a download made in the background", async () => {
    await mount("install_on_restart");
    emit(available());
    emit(downloading(1, 2));
    expect(screen.queryByTestId("update-dialog")).toBeNull();
    emit(ready());
    expect(screen.getByTestId("update-ready").textContent).toContain("it is installed when Switchyard quits");
  });

  it("shows what failed, with its code, and Close hides it", async () => {
    await mount();
    emit(available());
    emit(failed());
    const error = screen.getByTestId("update-error");
    expect(error.textContent).toContain("Nothing was changed.");
    expect(error.textContent).toContain("update_signature_invalid");
    fireEvent.click(screen.getByTestId("update-close"));
    expect(screen.queryByTestId("update-dialog")).toBeNull();
  });

  it("shows a refused restart's error in the dialog", async () => {
    installUpdate.mockImplementation(() =>
      Promise.resolve({ status: "error", error: { code: "no_update_ready", message: "There is no downloaded update to install: download it first.", category: "invalid_request", retriable: false, trace_id: null } }),
    );
    await mount();
    emit(ready());
    fireEvent.click(screen.getByTestId("update-restart"));
    expect((await screen.findByTestId("update-error")).textContent).toContain("no_update_ready");
  });

  it("after Later or Escape stays hidden for that version, and opens again for a newer one", async () => {
    await mount();
    emit(available());
    fireEvent.click(screen.getByTestId("update-later"));
    expect(screen.queryByTestId("update-dialog")).toBeNull();
    emit({ state: "checking" });
    emit(available());
    expect(screen.queryByTestId("update-dialog")).toBeNull();
    emit(available({ version: "1.3.0" }));
    expect(screen.getByTestId("update-headline").textContent).toContain("1.3.0");
    fireEvent.keyDown(screen.getByTestId("update-dialog"), { key: "Escape" });
    expect(screen.queryByTestId("update-dialog")).toBeNull();
    emit(available({ version: "1.3.0" }));
    expect(screen.queryByTestId("update-dialog")).toBeNull();
  });

  it("reads in Chinese", async () => {
    await i18n.changeLanguage("zh-CN");
    await mount();
    emit(available());
    expect(screen.getByTestId("update-download").textContent).toBe("下载并安装");
    expect(screen.getByTestId("update-later").textContent).toBe("稍后");
    await i18n.changeLanguage("en");
  });
});
