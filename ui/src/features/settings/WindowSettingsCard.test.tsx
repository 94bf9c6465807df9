import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { testSettings } from "../../data/testSettings";

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const refused = (message: string) => Promise.resolve({ status: "error" as const, error: { code: "internal", message, category: "internal", retriable: false, trace_id: null } });
const autostartEnabled = vi.fn();
const setAutostart = vi.fn();
vi.mock("../../bindings", () => ({
  commands: { autostartEnabled: () => autostartEnabled(), setAutostart: (on: boolean) => setAutostart(on) },
}));

const i18n = (await import("../../i18n")).default;
const { WindowSettingsCard } = await import("./WindowSettingsCard");
const { closeChoice, closeToTray } = await import("./windowSettings");

describe("the window settings card", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  beforeEach(() => {
    autostartEnabled.mockImplementation(() => ok(false));
    setAutostart.mockImplementation((on: boolean) => ok(on));
  });
  afterEach(cleanup);

  it("maps ask, tray and quit to null, true and false", () => {
    expect([closeChoice(null), closeChoice(true), closeChoice(false)]).toEqual(["ask", "tray", "quit"]);
    expect([closeToTray("ask"), closeToTray("tray"), closeToTray("quit")]).toEqual([null, true, false]);
  });

  it("shows what closing does and saves another choice", async () => {
    const onSave = vi.fn(async () => {});
    const { rerender } = render(<WindowSettingsCard settings={testSettings({ close_to_tray: null })} onSave={onSave} />);
    const select = screen.getByTestId<HTMLSelectElement>("close-behaviour");
    expect(select.value).toBe("ask");
    expect([...select.options].map((o) => o.textContent)).toEqual(["Ask each time", "Keep running in the tray", "Quit Switchyard"]);
    fireEvent.change(select, { target: { value: "tray" } });
    await waitFor(() => expect(onSave).toHaveBeenCalledWith({ close_to_tray: true }));
    fireEvent.change(select, { target: { value: "quit" } });
    await waitFor(() => expect(onSave).toHaveBeenCalledWith({ close_to_tray: false }));
    fireEvent.change(select, { target: { value: "ask" } });
    await waitFor(() => expect(onSave).toHaveBeenCalledWith({ close_to_tray: null }));
    rerender(<WindowSettingsCard settings={testSettings({ close_to_tray: false })} onSave={onSave} />);
    expect(select.value).toBe("quit");
  });

  it("starts at login when ticked, as the shell answers", async () => {
    render(<WindowSettingsCard settings={testSettings()} onSave={vi.fn()} />);
    const box = screen.getByTestId<HTMLInputElement>("autostart");
    await waitFor(() => expect(autostartEnabled).toHaveBeenCalled());
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    await waitFor(() => expect(setAutostart).toHaveBeenCalledWith(true));
    await waitFor(() => expect(box.checked).toBe(true));
    fireEvent.click(box);
    await waitFor(() => expect(setAutostart).toHaveBeenCalledWith(false));
    await waitFor(() => expect(box.checked).toBe(false));
  });

  it("shows the state already set", async () => {
    autostartEnabled.mockImplementation(() => ok(true));
    render(<WindowSettingsCard settings={testSettings()} onSave={vi.fn()} />);
    await waitFor(() => expect(screen.getByTestId<HTMLInputElement>("autostart").checked).toBe(true));
  });

  it("shows why start at login could not be changed, and leaves it as it was", async () => {
    setAutostart.mockImplementation(() => refused("Start at login could not be changed: no autostart directory"));
    render(<WindowSettingsCard settings={testSettings()} onSave={vi.fn()} />);
    await waitFor(() => expect(autostartEnabled).toHaveBeenCalled());
    fireEvent.click(screen.getByTestId("autostart"));
    expect((await screen.findByTestId("error-banner")).textContent).toContain("Start at login could not be changed: no autostart directory");
    expect(screen.getByTestId<HTMLInputElement>("autostart").checked).toBe(false);
  });

  it("reads in Chinese", async () => {
    await i18n.changeLanguage("zh-CN");
    render(<WindowSettingsCard settings={testSettings({ close_to_tray: true })} onSave={vi.fn()} />);
    expect(screen.getByTestId("autostart").parentElement?.textContent).toBe("开机启动");
    expect(screen.getByTestId<HTMLSelectElement>("close-behaviour").selectedOptions[0].textContent).toBe("最小化到托盘");
    await i18n.changeLanguage("en");
  });
});
