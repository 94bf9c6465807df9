import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { UpdateStatus_Serialize } from "../../bindings";
import { available, downloading, failed, ready } from "../../data/testUpdates";
import { testSettings } from "../../data/testSettings";

const checkForUpdate = vi.fn();
vi.mock("../../bindings", () => ({ commands: { checkForUpdate: () => checkForUpdate() } }));

const i18n = (await import("../../i18n")).default;
const { useUpdates } = await import("../../data/updates");
const { CommandError } = await import("../../lib/api");
const { UpdatesCard } = await import("./UpdatesCard");

const receive = (status: UpdateStatus_Serialize) => act(() => useUpdates.getState().receive(status));
const statusText = () => screen.getByTestId("update-status").textContent;

describe("the updates card", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  beforeEach(() => useUpdates.setState({ status: { state: "idle" }, open: false, dismissed: null, asked: false }));
  afterEach(cleanup);

  it("shows the version running and saves the mode chosen", async () => {
    const onSave = vi.fn(async () => {});
    render(<UpdatesCard settings={testSettings({ updates: "notify" })} onSave={onSave} version="1.1.0" />);
    expect(screen.getByTestId("update-current").textContent).toBe("You have Switchyard 1.1.0.");
    const mode = screen.getByTestId<HTMLSelectElement>("update-mode");
    expect(mode.value).toBe("notify");
    expect([...mode.options].map((o) => o.textContent)).toEqual(["Off", "Notify me", "Install on restart"]);
    fireEvent.change(mode, { target: { value: "install_on_restart" } });
    await waitFor(() => expect(onSave).toHaveBeenCalledWith({ updates: "install_on_restart" }));
  });

  it("shows a refused save", async () => {
    const refused = new CommandError({ code: "storage_failed", message: "disk is full", category: "storage", retriable: true, trace_id: null });
    render(<UpdatesCard settings={testSettings()} onSave={vi.fn(async () => { throw refused; })} version="1.1.0" />);
    fireEvent.change(screen.getByTestId("update-mode"), { target: { value: "off" } });
    expect((await screen.findByTestId("error-banner")).textContent).toContain("disk is full");
  });

  it("checks now and shows what the check finds", async () => {
    let answer: (status: { status: "ok"; data: UpdateStatus_Serialize }) => void = () => {};
    checkForUpdate.mockImplementation(() => new Promise((resolve) => (answer = resolve)));
    render(<UpdatesCard settings={testSettings()} onSave={vi.fn()} version="1.1.0" />);
    expect(statusText()).toBe("Not checked yet.");
    fireEvent.click(screen.getByTestId("update-check"));
    expect(checkForUpdate).toHaveBeenCalledTimes(1);
    receive({ state: "checking" });
    expect(statusText()).toBe("Checking for updates…");
    expect(screen.getByTestId<HTMLButtonElement>("update-check").disabled).toBe(true);
    await act(async () => answer({ status: "ok", data: { state: "up_to_date" } }));
    expect(statusText()).toBe("Switchyard is up to date.");
    expect(screen.getByTestId<HTMLButtonElement>("update-check").disabled).toBe(false);
  });

  it("says which version is available, how far its download is, when it is ready, and what failed with its code", () => {
    render(<UpdatesCard settings={testSettings()} onSave={vi.fn()} version="1.1.0" />);
    receive(available());
    expect(statusText()).toContain("Version 1.2.0 is available.");
    receive(downloading(25, 100));
    expect(statusText()).toContain("Downloading version 1.2.0: 25%");
    receive(downloading(2048, null));
    expect(statusText()).toContain("Downloading version 1.2.0: 2 KB");
    receive(ready());
    expect(statusText()).toContain("Version 1.2.0 is downloaded and ready to install.");
    expect(screen.getByTestId<HTMLButtonElement>("update-check").disabled).toBe(true); // a check would drop the download
    receive(failed());
    expect(statusText()).toContain("Nothing was changed.");
    expect(statusText()).toContain("update_signature_invalid");
  });

  it("shows the dialog again from the status line", () => {
    render(<UpdatesCard settings={testSettings()} onSave={vi.fn()} version="1.1.0" />);
    receive(available());
    useUpdates.getState().dismiss();
    fireEvent.click(screen.getByTestId("update-show"));
    expect(useUpdates.getState().open).toBe(true);
  });

  it("reads in Chinese", async () => {
    await i18n.changeLanguage("zh-CN");
    render(<UpdatesCard settings={testSettings()} onSave={vi.fn()} version="1.1.0" />);
    expect(screen.getByTestId("update-check").textContent).toBe("检查更新");
    expect(screen.getByRole("heading").textContent).toBe("更新");
    await i18n.changeLanguage("en");
  });
});
