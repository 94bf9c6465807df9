import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { AccessKey_Serialize, GatewayStatus_Serialize, RateLimits_Serialize } from "../../bindings";

const key = (id: string, limits: RateLimits_Serialize, revoked_at: number | null = null): AccessKey_Serialize => ({
  id, name: id, prefix: "sy-abc123", scopes: ["chat"], created_at: 1, revoked_at, limits,
});
let keys = [key("editor", { requests_per_minute: 30, tokens_per_minute: null }), key("old", { requests_per_minute: null, tokens_per_minute: null }, 5)];
const setAccessKeyLimits = vi.fn(async (id: string, limits: RateLimits_Serialize) => {
  keys = keys.map((k) => (k.id === id ? { ...k, limits } : k));
  return { status: "ok", data: null };
});
// The gateway-changed listener the card registers, to announce a start or stop from the tray.
let announce: ((e: { payload: GatewayStatus_Serialize }) => void) | null = null;
vi.mock("../../bindings", () => ({
  events: {
    gatewayChanged: {
      listen: (cb: (e: { payload: GatewayStatus_Serialize }) => void) => {
        announce = cb;
        return Promise.resolve(() => void (announce = null));
      },
    },
  },
  commands: {
    gatewayStatus: async () => ({ status: "ok", data: { running: true, address: "http://127.0.0.1:8765", port: 8765, error: null } }),
    listAccessKeys: async () => ({ status: "ok", data: keys }),
    setAccessKeyLimits: (id: string, limits: RateLimits_Serialize) => setAccessKeyLimits(id, limits),
  },
}));

const i18n = (await import("../../i18n")).default;
const { GatewayCard } = await import("./GatewayCard");

describe("the gateway card's access keys", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  afterEach(cleanup);

  it("shows each key's limits, explains 429, and saves new ones for that key", async () => {
    render(<GatewayCard />);
    const rows = await screen.findAllByTestId("access-key");
    expect(within(rows[0]).getByTestId("limits-summary").textContent).toBe("30 requests/min");
    expect(within(rows[1]).getByTestId("limits-summary").textContent).toBe("No rate limit");
    expect(within(rows[1]).queryByTestId("edit-limits")).toBeNull();
    expect(screen.getByTestId("gateway-card").textContent).toContain("429 Too Many Requests with Retry-After");

    fireEvent.click(within(rows[0]).getByTestId("edit-limits"));
    fireEvent.change(within(rows[0]).getByTestId("limit-rpm"), { target: { value: "" } });
    fireEvent.change(within(rows[0]).getByTestId("limit-tpm"), { target: { value: "20000" } });
    fireEvent.click(within(rows[0]).getByTestId("save-limits"));
    await waitFor(() => expect(screen.getAllByTestId("limits-summary")[0].textContent).toBe("20,000 tokens/min"));
    expect(setAccessKeyLimits).toHaveBeenCalledWith("editor", { requests_per_minute: null, tokens_per_minute: 20000 });
  });

  it("reads in Chinese", async () => {
    await i18n.changeLanguage("zh-CN");
    render(<GatewayCard />);
    const rows = await screen.findAllByTestId("access-key");
    expect(within(rows[1]).getByTestId("limits-summary").textContent).toBe("不限速");
    await i18n.changeLanguage("en");
  });

  it("shows a stop and a start from the tray menu at once (gateway-changed)", async () => {
    render(<GatewayCard />);
    await screen.findByText("Running at http://127.0.0.1:8765");
    await waitFor(() => expect(announce).not.toBeNull());
    act(() => announce!({ payload: { running: false, address: null, port: 8765, error: null } }));
    expect(screen.getByTestId("gateway-status").textContent).toBe("Not running");
    expect(screen.getByTestId<HTMLInputElement>("gateway-enabled").checked).toBe(false);
    act(() => announce!({ payload: { running: true, address: "http://127.0.0.1:9001", port: 9001, error: null } }));
    expect(screen.getByTestId("gateway-status").textContent).toBe("Running at http://127.0.0.1:9001");
    expect(screen.getByTestId<HTMLInputElement>("gateway-enabled").checked).toBe(true);
  });
});
