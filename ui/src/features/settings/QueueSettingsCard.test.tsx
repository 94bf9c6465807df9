import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import { CommandError } from "../../lib/api";
import { QueueSettingsCard } from "./QueueSettingsCard";
import { testSettings } from "../../data/testSettings";

const settings = testSettings();

describe("the offline queue card", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  afterEach(cleanup);

  it("shows the saved limits and says a full queue refuses a new message and never drops an old one", () => {
    render(<QueueSettingsCard settings={settings} onSave={vi.fn()} />);
    expect(screen.getByTestId<HTMLInputElement>("queue-maxItems").value).toBe("100");
    expect(screen.getByTestId<HTMLInputElement>("queue-maxKb").value).toBe("4096");
    const policy = screen.getByTestId("queue-policy").textContent;
    expect(policy).toContain("a new message is refused");
    expect(policy).toContain("never dropped");
  });

  it("refuses limits the core would refuse, then saves whole numbers", async () => {
    const onSave = vi.fn(async () => {});
    render(<QueueSettingsCard settings={settings} onSave={onSave} />);
    fireEvent.change(screen.getByTestId("queue-maxItems"), { target: { value: "0" } });
    fireEvent.change(screen.getByTestId("queue-maxKb"), { target: { value: "1.5" } });
    fireEvent.click(screen.getByTestId("save-queue-settings"));
    expect(screen.getByText("Enter a whole number from 1 to 100,000")).toBeTruthy();
    expect(screen.getByText("Enter whole KB from 1 to 1,048,576")).toBeTruthy();
    expect(screen.getByTestId("queue-maxItems").getAttribute("aria-invalid")).toBe("true");
    expect(onSave).not.toHaveBeenCalled();

    fireEvent.change(screen.getByTestId("queue-maxItems"), { target: { value: "250" } });
    fireEvent.change(screen.getByTestId("queue-maxKb"), { target: { value: "8,192" } });
    fireEvent.click(screen.getByTestId("save-queue-settings"));
    await waitFor(() => expect(onSave).toHaveBeenCalledWith({ queue_max_items: 250, queue_max_kb: 8192 }));
    expect(await screen.findByText("Saved")).toBeTruthy();
    expect(screen.getByTestId("queue-maxItems").getAttribute("aria-invalid")).toBe("false");
  });

  it("shows the core's refusal and marks the limits", async () => {
    const error = { code: "invalid_queue_limit", message: "The offline queue holds from 1 to 100,000 messages", category: "invalid_request", retriable: false, trace_id: null } as const;
    const onSave = vi.fn(async () => {
      throw new CommandError(error);
    });
    render(<QueueSettingsCard settings={settings} onSave={onSave} />);
    fireEvent.click(screen.getByTestId("save-queue-settings"));
    expect((await screen.findByTestId("error-banner")).textContent).toContain("invalid_queue_limit");
    expect(screen.getByTestId("queue-maxKb").getAttribute("aria-invalid")).toBe("true");
  });
});
