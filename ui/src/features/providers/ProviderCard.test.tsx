import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { provider, queueStatus, reach } from "../../data/testQueue";

vi.mock("../../bindings", () => ({ commands: {} }));
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
