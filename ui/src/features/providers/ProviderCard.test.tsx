import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { provider, queueStatus, reach } from "../../data/testQueue";

const deleteProvider = vi.fn((_id: string) => Promise.resolve({ status: "ok", data: null }));
const refreshModels = vi.fn();
const testProvider = vi.fn();
vi.mock("../../bindings", () => ({
  commands: {
    deleteProvider: (id: string) => deleteProvider(id),
    refreshModels: (id: string) => refreshModels(id),
    testProvider: (id: string) => testProvider(id),
    listPresets: () => Promise.resolve([]),
    listProviders: () => Promise.resolve({ status: "ok", data: [] }),
  },
}));
const i18n = (await import("../../i18n")).default;
const { useQueue } = await import("../../data/queue");
const { useProviders } = await import("../../data/providers");
const { ProviderCard } = await import("./ProviderCard");

describe("a provider card's reachability", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  afterEach(cleanup);

  it("shows what the queue last found, with the error as its tooltip", () => {
    const error = { code: "provider_unreachable", message: "Could not connect", category: "connect", retriable: true, trace_id: null } as const;
    useQueue.setState({ status: queueStatus([], { providers: [reach({ state: "offline", last_error: error })] }) });
    render(<ProviderCard provider={provider} onEdit={() => {}} />);
    const badge = screen.getByTestId("reachability");
    expect(badge.dataset.state).toBe("offline");
    expect(badge.textContent).toBe("Offline");
    expect(badge.getAttribute("title")).toBe("Could not connect");
  });

  it("says not checked yet for a provider the queue has not seen", () => {
    useQueue.setState({ status: queueStatus([], { providers: [] }) });
    render(<ProviderCard provider={provider} onEdit={() => {}} />);
    expect(screen.getByTestId("reachability").textContent).toBe("Not checked yet");
  });
});

describe("deleting a provider", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  afterEach(cleanup);

  it("asks in the app first and deletes only when confirmed", async () => {
    useQueue.setState({ status: queueStatus([], { providers: [] }) });
    render(<ProviderCard provider={provider} onEdit={() => {}} />);
    fireEvent.click(screen.getByTestId("provider-delete"));
    expect(screen.getByTestId("confirm-dialog").textContent).toContain(`Delete provider “${provider.name}” and its stored key?`);
    fireEvent.click(screen.getByTestId("confirm-dialog-cancel"));
    expect(deleteProvider).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId("provider-delete"));
    fireEvent.click(screen.getByTestId("confirm-dialog-confirm"));
    await waitFor(() => expect(deleteProvider).toHaveBeenCalledWith(provider.id));
  });
});

describe("a provider's models", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  afterEach(async () => {
    cleanup();
    await i18n.changeLanguage("en");
  });
  const card = () => {
    const current = () => useProviders.getState().providers.find((p) => p.id === provider.id)!;
    useQueue.setState({ status: queueStatus([], { providers: [] }) });
    return render(<ProviderCard provider={current()} onEdit={() => {}} />);
  };

  it("Fetch models says it is fetching, then how many it found, and the card lists them once opened", async () => {
    useProviders.setState({ providers: [{ ...provider, models: [] }] });
    let answer: (v: unknown) => void = () => {};
    refreshModels.mockImplementation(() => new Promise((resolve) => (answer = resolve)));
    const { rerender } = card();
    const button = screen.getByTestId<HTMLButtonElement>("provider-fetch-models");
    fireEvent.click(button);
    expect(button.textContent).toContain("Fetching…");
    expect(button.disabled).toBe(true);
    expect(button.querySelector(".spinner")).not.toBeNull();

    answer({ status: "ok", data: ["deepseek-chat", "deepseek-reasoner"] });
    expect((await screen.findByTestId("provider-fetch-result")).textContent).toBe("Found 2 models");
    expect(button.disabled).toBe(false);
    expect(button.textContent).toBe("Fetch models");
    rerender(<ProviderCard provider={useProviders.getState().providers[0]} onEdit={() => {}} />);
    const toggle = screen.getByTestId("provider-models-toggle");
    expect(toggle.textContent).toContain("2 models");
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(screen.queryByTestId("provider-model-list")).toBeNull(); // closed at first
    fireEvent.click(toggle);
    expect([...screen.getByTestId("provider-model-list").querySelectorAll("li")].map((li) => li.textContent)).toEqual(["deepseek-chat", "deepseek-reasoner"]);
  });

  it("says one model, not one models, in the count and the result", async () => {
    useProviders.setState({ providers: [{ ...provider, models: ["a", "b"] }] });
    refreshModels.mockResolvedValue({ status: "ok", data: ["only-one"] });
    const { rerender } = card();
    fireEvent.click(screen.getByTestId("provider-fetch-models"));
    expect((await screen.findByTestId("provider-fetch-result")).textContent).toBe("Found 1 model");
    rerender(<ProviderCard provider={useProviders.getState().providers[0]} onEdit={() => {}} />);
    expect(screen.getByTestId("provider-models-toggle").textContent).toContain("1 model");
    expect(screen.getByTestId("provider-models-toggle").textContent).not.toContain("models");
  });

  it("shows why fetching failed", async () => {
    useProviders.setState({ providers: [{ ...provider, models: [] }] });
    const error = { code: "auth", message: "The key was refused", category: "auth", retriable: false, trace_id: null };
    refreshModels.mockResolvedValue({ status: "error", error });
    card();
    fireEvent.click(screen.getByTestId("provider-fetch-models"));
    const result = await screen.findByTestId("provider-fetch-result");
    expect(result.textContent).toContain("Could not fetch the models");
    expect(result.textContent).toContain("The key was refused");
  });

  it("says it in Chinese, where there is no plural", async () => {
    await i18n.changeLanguage("zh-CN");
    useProviders.setState({ providers: [{ ...provider, models: ["m1"] }] });
    refreshModels.mockResolvedValue({ status: "ok", data: ["m1"] });
    card();
    expect(screen.getByTestId("provider-models-toggle").textContent).toContain("1 个模型");
    fireEvent.click(screen.getByTestId("provider-fetch-models"));
    await waitFor(() => expect(screen.getByTestId("provider-fetch-result").textContent).toBe("找到 1 个模型"));
  });

  it("a connection test counts models in the singular too", async () => {
    useProviders.setState({ providers: [{ ...provider, models: [] }] });
    testProvider.mockResolvedValue({ status: "ok", data: { ok: true, model_count: 1, latency_ms: 42, error: null } });
    card();
    fireEvent.click(screen.getByTestId("provider-test"));
    expect((await screen.findByTestId("provider-test-result")).textContent).toBe("Connected · 1 model · 42 ms");
  });
});
