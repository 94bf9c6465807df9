import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CacheClear, CacheStats } from "../../bindings";
import { testSettings } from "../../data/testSettings";

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const cacheStats = vi.fn();
const clearCache = vi.fn();
vi.mock("../../bindings", () => ({
  commands: { cacheStats: () => cacheStats(), clearCache: (w: CacheClear) => clearCache(w) },
}));

const i18n = (await import("../../i18n")).default;
const { useProviders } = await import("../../data/providers");
const { useCache } = await import("../../data/cache");
const { CommandError } = await import("../../lib/api");
const { CacheSettingsCard } = await import("./CacheSettingsCard");

const MB = 1024 * 1024;
const settings = testSettings();
const stats = (over: Partial<CacheStats> = {}): CacheStats => ({
  entries: 42, bytes: 3 * MB, file_bytes: 128 * MB, disk_cap_bytes: 512 * MB, memory_entries: 10, memory_bytes: 16 * MB, memory_cap_bytes: 64 * MB,
  models: [
    { provider_id: "p1", model: "deepseek-chat", entries: 40, bytes: 2 * MB },
    { provider_id: "gone", model: "old-model", entries: 2, bytes: MB },
  ],
  namespaces: [{ namespace: "default", entries: 30, bytes: 2 * MB }, { namespace: "ci", entries: 12, bytes: MB }],
  recent: { hits: 30, misses: 90, saved_cost_usd_micros: 1_234, saved_latency_ms: 90_000 },
  ...over,
});
const provider = { id: "p1", name: "DeepSeek", preset: "deepseek", base_url: "", has_key: true, extra_headers: [], default_model: null, models: [], created_at: 1, updated_at: 1 };

describe("cache settings card", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  beforeEach(() => {
    useProviders.setState({ providers: [provider] });
    useCache.setState({ stats: null });
    cacheStats.mockImplementation(() => ok(stats()));
    clearCache.mockImplementation(() => ok(40));
  });
  afterEach(() => {
    cleanup();
    vi.clearAllMocks();
  });

  it("shows what is kept against its caps, the hit ratio and what the cache saved", async () => {
    render(<CacheSettingsCard settings={settings} onSave={vi.fn()} />);
    expect((await screen.findByTestId("cache-entries")).textContent).toBe("42");
    expect(screen.getByTestId("cache-disk").textContent).toBe("128 MB of 512 MB");
    expect(screen.getByTestId("cache-memory").textContent).toBe("16 MB of 64 MB");
    expect(screen.getByTestId("cache-hit-ratio").textContent).toBe("25%");
    expect(screen.getByTestId("cache-recent").textContent).toContain("30 of 120 lookups answered from the cache");
    expect(screen.getByTestId("cache-saved").textContent).toBe("$0.0012");
    expect(screen.getByTestId("cache-wait-saved").textContent).toBe("1.5 min");
  });

  it("says — for the hit ratio when nothing has looked in the cache", async () => {
    cacheStats.mockImplementation(() => ok(stats({ recent: { hits: 0, misses: 0, saved_cost_usd_micros: 0, saved_latency_ms: 0 } })));
    render(<CacheSettingsCard settings={settings} onSave={vi.fn()} />);
    expect((await screen.findByTestId("cache-hit-ratio")).textContent).toBe("—");
    expect(screen.getByTestId("cache-recent").textContent).toContain("No lookups yet");
    expect(screen.getByTestId("cache-recent").textContent).not.toContain("NaN");
    expect(screen.getByTestId("cache-wait-saved").textContent).toBe("0 ms");
  });

  it("names providers from the providers list, and a removed one as such", async () => {
    render(<CacheSettingsCard settings={settings} onSave={vi.fn()} />);
    const rows = await screen.findAllByTestId("cache-model-row");
    expect(rows[0].textContent).toContain("DeepSeek");
    expect(rows[0].textContent).not.toContain("p1");
    expect(rows[1].textContent).toContain("Removed provider");
  });

  it("saves a policy choice at once", async () => {
    const onSave = vi.fn(async () => {});
    render(<CacheSettingsCard settings={settings} onSave={onSave} />);
    expect(screen.getByTestId<HTMLInputElement>("cache-policy-deterministic").checked).toBe(true);
    expect(screen.getByTestId("cache-policy").textContent).toContain("temperature 0, or a fixed seed");
    fireEvent.click(screen.getByTestId("cache-policy-always"));
    expect(onSave).toHaveBeenCalledWith({ cache_policy: "always" });
  });

  it("refuses sizes the core would refuse, and saves a size typed in GB as MB", async () => {
    const onSave = vi.fn(async () => {});
    render(<CacheSettingsCard settings={settings} onSave={onSave} />);
    fireEvent.change(screen.getByTestId("cache-memoryMb"), { target: { value: "0" } });
    fireEvent.change(screen.getByTestId("cache-ttlDays"), { target: { value: "1.5" } });
    fireEvent.click(screen.getByTestId("save-cache-settings"));
    expect(screen.getByText("Enter whole MB from 1 to 16,384 (or e.g. 2 GB)")).toBeTruthy();
    expect(screen.getByText("Enter whole days from 1 to 3,650")).toBeTruthy();
    expect(onSave).not.toHaveBeenCalled();

    fireEvent.change(screen.getByTestId("cache-memoryMb"), { target: { value: "128" } });
    fireEvent.change(screen.getByTestId("cache-diskMb"), { target: { value: "2 GB" } });
    fireEvent.change(screen.getByTestId("cache-ttlDays"), { target: { value: "30" } });
    expect(screen.getByText("= 2,048 MB")).toBeTruthy();
    fireEvent.click(screen.getByTestId("save-cache-settings"));
    await waitFor(() => expect(onSave).toHaveBeenCalledWith({ cache_memory_mb: 128, cache_disk_mb: 2048, cache_ttl_days: 30 }));
    expect(await screen.findByText("Saved")).toBeTruthy();
  });

  it("shows the core's error when a save is refused, and marks the fields it is about", async () => {
    const error = { code: "invalid_cache_size", message: "The cache needs at least 1 MB in memory", category: "invalid_request", retriable: false, trace_id: null } as const;
    const onSave = vi.fn(async () => {
      throw new CommandError(error);
    });
    render(<CacheSettingsCard settings={settings} onSave={onSave} />);
    fireEvent.click(screen.getByTestId("save-cache-settings"));
    const banner = await screen.findByTestId("error-banner");
    expect(banner.textContent).toContain("The cache needs at least 1 MB in memory");
    expect(banner.textContent).toContain("invalid_cache_size");
    expect(screen.getByTestId("cache-memoryMb").getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByTestId("cache-ttlDays").getAttribute("aria-invalid")).toBe("false");
  });

  it("clears one model's answers, then shows how many went and the new numbers", async () => {
    render(<CacheSettingsCard settings={settings} onSave={vi.fn()} />);
    const [row] = await screen.findAllByTestId("cache-model-row");
    cacheStats.mockImplementation(() => ok(stats({ entries: 2, models: [{ provider_id: "gone", model: "old-model", entries: 2, bytes: MB }] })));
    fireEvent.click(within(row).getByRole("button", { name: "Clear the cached answers of deepseek-chat" }));
    expect(clearCache).toHaveBeenCalledWith({ kind: "model", provider_id: "p1", model: "deepseek-chat" });
    expect((await screen.findByTestId("cache-cleared")).textContent).toContain("Cached answers deleted: 40.");
    await waitFor(() => expect(screen.getByTestId("cache-entries").textContent).toBe("2"));
  });

  it("clears a namespace", async () => {
    render(<CacheSettingsCard settings={settings} onSave={vi.fn()} />);
    await screen.findAllByTestId("cache-namespace-row");
    fireEvent.click(screen.getByRole("button", { name: "Clear the cached answers in ci" }));
    expect(clearCache).toHaveBeenCalledWith({ kind: "namespace", namespace: "ci" });
  });

  it("asks before clearing everything, and a cancel clears nothing", async () => {
    render(<CacheSettingsCard settings={settings} onSave={vi.fn()} />);
    await screen.findByTestId("cache-entries");
    fireEvent.click(screen.getByTestId("cache-clear-all"));
    expect(clearCache).not.toHaveBeenCalled();
    expect(screen.getByTestId("cache-confirm-all").textContent).toContain("Delete every cached answer (42)?");
    fireEvent.click(within(screen.getByTestId("cache-confirm-all")).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByTestId("cache-confirm-all")).toBeNull();
    expect(clearCache).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId("cache-clear-all"));
    fireEvent.click(screen.getByTestId("cache-clear-all-confirm"));
    expect(clearCache).toHaveBeenCalledWith({ kind: "all" });
    expect(await screen.findByTestId("cache-cleared")).toBeTruthy();
  });

  it("shows an error when the stats cannot be read", async () => {
    cacheStats.mockImplementation(() => ok(null).then(() => ({ status: "error", error: { code: "storage_failed", message: "disk full", category: "storage", retriable: false, trace_id: "t-9" } })));
    render(<CacheSettingsCard settings={settings} onSave={vi.fn()} />);
    expect((await screen.findByTestId("error-banner")).textContent).toContain("disk full");
    expect(screen.getByTestId("cache-clear-all").hasAttribute("disabled")).toBe(true);
  });
});
