import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Route } from "./routes";

const listRoutes = vi.fn();
const saveRoute = vi.fn();
const deleteRoute = vi.fn();
vi.mock("../../bindings", () => ({
  commands: { listRoutes: () => listRoutes(), saveRoute: (r: Route) => saveRoute(r), deleteRoute: (name: string) => deleteRoute(name) },
}));

await import("../../i18n");
const { RoutesCard } = await import("./RoutesCard");
const { useProviders } = await import("../../data/providers");
const { useSettings } = await import("../../data/settings");
const { useRoutes } = await import("../../data/routes");

const provider = {
  id: "p1", name: "DeepSeek", preset: "deepseek", base_url: "https://api.deepseek.com/v1", has_key: true,
  extra_headers: [], default_model: "deepseek-chat", models: ["deepseek-chat"], created_at: 1, updated_at: 1,
};

describe("routes card", () => {
  beforeEach(() => {
    useProviders.setState({ providers: [provider] });
    useSettings.setState({ settings: null });
    useRoutes.setState({ routes: [], loaded: false });
    listRoutes.mockResolvedValue({ status: "ok", data: [] });
    saveRoute.mockImplementation(async (r: Route) => ({ status: "ok", data: r }));
  });
  afterEach(() => {
    cleanup();
    vi.clearAllMocks();
  });

  const strictBox = () => screen.getByTestId<HTMLInputElement>("route-strict");
  const addRoute = async (name: string) => {
    render(<RoutesCard />);
    fireEvent.click(await screen.findByTestId("add-route"));
    fireEvent.change(screen.getByTestId("route-name"), { target: { value: name } });
  };

  it("saves a new route as not strict unless the box is ticked", async () => {
    await addRoute("smart");
    expect(strictBox().checked).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "Save route" }));
    await waitFor(() => expect(saveRoute).toHaveBeenCalledTimes(1));
    expect(saveRoute.mock.calls[0][0]).toMatchObject({ name: "smart", strict: false });
  });

  it("saves the strict box with the route, and shows strict routes as such", async () => {
    await addRoute("careful");
    fireEvent.click(strictBox());
    const saved = { name: "careful", strategy: "priority", targets: [{ provider_id: "p1", model: "deepseek-chat", weight: 1 }], strict: true, cache: null, cache_tool_calls: false };
    listRoutes.mockResolvedValue({ status: "ok", data: [saved] });
    fireEvent.click(screen.getByRole("button", { name: "Save route" }));
    await waitFor(() => expect(saveRoute).toHaveBeenCalledWith(saved));
    expect((await screen.findByText("Strict")).className).toBe("badge");
  });

  it("keeps a saved route's strict setting when it is edited", async () => {
    listRoutes.mockResolvedValue({ status: "ok", data: [{ name: "careful", strategy: "priority", targets: [{ provider_id: "p1", model: "m", weight: 1 }], strict: true }] });
    render(<RoutesCard />);
    fireEvent.click(await screen.findByRole("button", { name: "Edit" }));
    expect(strictBox().checked).toBe(true);
    fireEvent.click(strictBox());
    fireEvent.click(screen.getByRole("button", { name: "Save route" }));
    await waitFor(() => expect(saveRoute).toHaveBeenCalledWith(expect.objectContaining({ name: "careful", strict: false })));
  });

  const cacheSelect = () => screen.getByTestId<HTMLSelectElement>("route-cache");
  const toolCallsBox = () => screen.getByTestId<HTMLInputElement>("route-cache-tool-calls");

  it("saves a new route following Settings, and names the Settings policy in the choice", async () => {
    useSettings.setState({ settings: { cache_policy: "always" } as never });
    await addRoute("plain");
    expect(cacheSelect().value).toBe("settings");
    expect(cacheSelect().selectedOptions[0].textContent).toBe("Follow Settings (Always)");
    expect(toolCallsBox().checked).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "Save route" }));
    await waitFor(() => expect(saveRoute).toHaveBeenCalledTimes(1));
    expect(saveRoute.mock.calls[0][0]).toMatchObject({ cache: null, cache_tool_calls: false });
  });

  it("saves the route's own cache policy and the tool-calls box, and shows them in the list", async () => {
    await addRoute("tools");
    fireEvent.change(cacheSelect(), { target: { value: "always" } });
    expect(screen.getByTestId("routes-card").textContent).toContain("asking the same again returns the first answer");
    fireEvent.click(toolCallsBox());
    const saved = { name: "tools", strategy: "priority", targets: [{ provider_id: "p1", model: "deepseek-chat", weight: 1 }], strict: false, cache: "always", cache_tool_calls: true };
    listRoutes.mockResolvedValue({ status: "ok", data: [saved] });
    fireEvent.click(screen.getByRole("button", { name: "Save route" }));
    await waitFor(() => expect(saveRoute).toHaveBeenCalledWith(saved));
    expect((await screen.findByTestId("route-cache-badge")).textContent).toBe("Cache: Always");
    expect(screen.getByText("+ tool calls").className).toBe("badge");
  });

  it("keeps a saved route's cache choice when it is edited, and cannot cache tool calls with the cache off", async () => {
    listRoutes.mockResolvedValue({
      status: "ok",
      data: [{ name: "nocache", strategy: "priority", targets: [{ provider_id: "p1", model: "m", weight: 1 }], strict: false, cache: "off", cache_tool_calls: false }],
    });
    render(<RoutesCard />);
    expect((await screen.findByTestId("route-cache-badge")).textContent).toBe("Cache: Off");
    fireEvent.click(screen.getByRole("button", { name: "Edit" }));
    expect(cacheSelect().value).toBe("off");
    expect(toolCallsBox().disabled).toBe(true);
    fireEvent.change(cacheSelect(), { target: { value: "settings" } });
    expect(toolCallsBox().disabled).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "Save route" }));
    await waitFor(() => expect(saveRoute).toHaveBeenCalledWith(expect.objectContaining({ name: "nocache", cache: null })));
  });

  it("asks in the app before deleting a route", async () => {
    const route = { name: "smart", strategy: "priority", strict: false, cache: null, cache_tool_calls: null, targets: [{ provider_id: "p1", model: "deepseek-chat", weight: 1 }] };
    listRoutes.mockResolvedValue({ status: "ok", data: [route] });
    deleteRoute.mockResolvedValue({ status: "ok", data: null });
    render(<RoutesCard />);
    fireEvent.click(await screen.findByTestId("route-delete"));
    expect(screen.getByTestId("confirm-dialog").textContent).toContain("“smart”");
    fireEvent.click(screen.getByTestId("confirm-dialog-cancel"));
    expect(deleteRoute).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId("route-delete"));
    fireEvent.click(screen.getByTestId("confirm-dialog-confirm"));
    await waitFor(() => expect(deleteRoute).toHaveBeenCalledWith("smart"));
    await waitFor(() => expect(listRoutes.mock.calls.length).toBeGreaterThanOrEqual(2));
  });
});
