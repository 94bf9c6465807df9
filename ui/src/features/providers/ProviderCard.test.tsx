import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { provider, queueStatus, reach } from "../../data/testQueue";

const deleteProvider = vi.fn((_id: string) => Promise.resolve({ status: "ok", data: null }));
vi.mock("../../bindings", () => ({ commands: { deleteProvider: (id: string) => deleteProvider(id) } }));
const i18n = (await import("../../i18n")).default;
const { useQueue } = await import("../../data/queue");
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
