import { beforeEach, describe, expect, it, vi } from "vitest";

const listRoutes = vi.fn();
vi.mock("../bindings", () => ({ commands: { listRoutes: () => listRoutes() } }));

const { useRoutes } = await import("./routes");

describe("routes store", () => {
  beforeEach(() => useRoutes.setState({ routes: [], loaded: false }));

  it("keeps the loaded routes", async () => {
    const route = { name: "smart", strategy: "priority", targets: [], strict: true };
    listRoutes.mockResolvedValueOnce({ status: "ok", data: [route] });
    await useRoutes.getState().load();
    expect(useRoutes.getState()).toMatchObject({ routes: [route], loaded: true });
  });

  it("a failed load still counts as loaded, so the chat pane can preselect a provider, and the error is passed on", async () => {
    const error = { code: "storage_failed", message: "disk", category: "storage", retriable: false, trace_id: null };
    listRoutes.mockResolvedValueOnce({ status: "error", error });
    await expect(useRoutes.getState().load()).rejects.toMatchObject({ detail: error });
    expect(useRoutes.getState()).toMatchObject({ routes: [], loaded: true });
  });
});
