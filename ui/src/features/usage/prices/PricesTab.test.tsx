import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const savePriceOverride = vi.fn((p: unknown) => ok(p));
const deletePriceOverride = vi.fn((_providerId: string, _model: string) => ok(null));
const saved = { provider_id: "p1", model: "glm-4.6", currency: "CNY", input_micros: 2_000_000, output_micros: 8_000_000, cache_read_micros: null, cache_write_micros: null, reasoning_micros: null };
vi.mock("../../../bindings", () => ({
  commands: {
    listPriceOverrides: () => ok([saved]),
    savePriceOverride: (p: unknown) => savePriceOverride(p),
    deletePriceOverride: (a: string, b: string) => deletePriceOverride(a, b),
  },
}));

const i18n = (await import("../../../i18n")).default;
const { useProviders } = await import("../../../data/providers");
const { PricesTab } = await import("./PricesTab");

describe("prices tab", () => {
  beforeAll(async () => {
    await i18n.changeLanguage("en");
    useProviders.setState({ providers: [{ id: "p1", name: "Zhipu", preset: "zhipu", base_url: "", has_key: true, extra_headers: [], default_model: null, models: ["glm-4.6"], created_at: 1, updated_at: 1 }] });
  });
  afterEach(cleanup);

  it("lists overrides in their currency and saves a new one in exact micro-units", async () => {
    render(<PricesTab />);
    expect((await screen.findByTestId("price-table")).textContent).toContain("¥2.00");
    fireEvent.click(screen.getByTestId("add-price"));
    fireEvent.change(screen.getByTestId("price-model"), { target: { value: "glm-4.5-air" } });
    fireEvent.change(screen.getByTestId("price-input"), { target: { value: "0.8" } });
    fireEvent.change(screen.getByTestId("price-output"), { target: { value: "2" } });
    fireEvent.change(screen.getByTestId("price-cacheRead"), { target: { value: "0.16" } });
    fireEvent.click(screen.getByTestId("price-save"));
    await waitFor(() => expect(savePriceOverride).toHaveBeenCalled());
    expect(savePriceOverride.mock.calls[0][0]).toEqual({
      provider_id: "p1", model: "glm-4.5-air", currency: "USD", input_micros: 800_000, output_micros: 2_000_000,
      cache_read_micros: 160_000, cache_write_micros: null, reasoning_micros: null,
    });
  });

  it("deletes an override by provider and model after confirming in the app", async () => {
    render(<PricesTab />);
    fireEvent.click(await screen.findByTestId("price-delete"));
    expect(screen.getByTestId("confirm-dialog").textContent).toContain("Delete the price for “glm-4.6”?");
    fireEvent.click(screen.getByTestId("confirm-dialog-cancel"));
    expect(screen.queryByTestId("confirm-dialog")).toBeNull();
    expect(deletePriceOverride).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId("price-delete"));
    fireEvent.click(screen.getByTestId("confirm-dialog-confirm"));
    await waitFor(() => expect(deletePriceOverride).toHaveBeenCalledWith("p1", "glm-4.6"));
  });
});
