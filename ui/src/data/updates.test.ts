import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("../bindings", () => ({
  commands: { updateStatus: vi.fn(() => Promise.resolve({ state: "idle" })) },
  events: { updateChanged: { listen: () => Promise.resolve(() => {}) } },
}));

import { commands } from "../bindings";
import { useSettings } from "./settings";
import { available, fakeUpdateEvents } from "./testUpdates";
import { useUpdates, watchUpdates } from "./updates";
import { testSettings } from "./testSettings";

afterEach(() => {
  useUpdates.setState({ status: { state: "idle" }, open: false, dismissed: null, asked: false });
  useSettings.setState({ settings: null });
});

describe("the offer of the check at start", () => {
  it("opens once the settings say notify, even when it came before they loaded", async () => {
    useSettings.setState({ settings: null });
    const events = fakeUpdateEvents();
    const stop = watchUpdates(events.source);
    await vi.waitFor(() => expect(events.listening()).toBe(true));
    events.emit(available());
    await vi.waitFor(() => expect(useUpdates.getState().status.state).toBe("available"));
    expect(useUpdates.getState().open).toBe(false);
    useSettings.setState({ settings: testSettings({ updates: "notify" }) });
    expect(useUpdates.getState().open).toBe(true);
    stop();
  });

  it("stays closed when the settings say the person does not want to be told", async () => {
    const stop = watchUpdates(fakeUpdateEvents().source);
    useUpdates.getState().receive(available());
    useSettings.setState({ settings: testSettings({ updates: "off" }) });
    expect(useUpdates.getState().open).toBe(false);
    stop();
  });

  it("loads the status only once it listens, so an answer sent meanwhile is not missed", async () => {
    vi.mocked(commands.updateStatus).mockClear();
    const events = fakeUpdateEvents();
    const stop = watchUpdates(events.source);
    expect(commands.updateStatus).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(commands.updateStatus).toHaveBeenCalled());
    expect(events.listening()).toBe(true);
    stop();
  });

  it("opens when the settings load while the status is being loaded (the check at start answered before the window listened)", async () => {
    let answer: (s: ReturnType<typeof available>) => void = () => {};
    vi.mocked(commands.updateStatus).mockClear().mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    const events = fakeUpdateEvents();
    const stop = watchUpdates(events.source);
    await vi.waitFor(() => expect(commands.updateStatus).toHaveBeenCalled());
    useSettings.setState({ settings: testSettings({ updates: "notify" }) });
    answer(available());
    await vi.waitFor(() => expect(useUpdates.getState().status.state).toBe("available"));
    expect(useUpdates.getState().open).toBe(true);
    stop();
  });
});
