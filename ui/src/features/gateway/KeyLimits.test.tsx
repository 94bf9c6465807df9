import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import { CommandError } from "../../lib/api";
import { KeyLimits } from "./KeyLimits";

const none = { requests_per_minute: null, tokens_per_minute: null };
const type = (field: "rpm" | "tpm", value: string) => fireEvent.change(screen.getByTestId(`limit-${field}`), { target: { value } });
const input = (field: "rpm" | "tpm") => screen.getByTestId<HTMLInputElement>(`limit-${field}`);

describe("an access key's rate limits", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  afterEach(cleanup);

  it("shows the limits, or that there is none", () => {
    const { rerender } = render(<KeyLimits limits={none} editable onSave={vi.fn()} />);
    expect(screen.getByTestId("limits-summary").textContent).toBe("No rate limit");
    rerender(<KeyLimits limits={{ requests_per_minute: 60, tokens_per_minute: 100_000 }} editable onSave={vi.fn()} />);
    expect(screen.getByTestId("limits-summary").textContent).toBe("60 requests/min · 100,000 tokens/min");
    rerender(<KeyLimits limits={undefined} editable={false} onSave={vi.fn()} />);
    expect(screen.getByTestId("limits-summary").textContent).toBe("No rate limit");
    expect(screen.queryByTestId("edit-limits")).toBeNull();
  });

  it("refuses anything but a whole number from 1 or empty, then saves, clearing an emptied limit", async () => {
    const onSave = vi.fn(async () => {});
    render(<KeyLimits limits={{ requests_per_minute: 60, tokens_per_minute: 5000 }} editable onSave={onSave} />);
    fireEvent.click(screen.getByTestId("edit-limits"));
    expect([input("rpm").value, input("tpm").value]).toEqual(["60", "5000"]);
    for (const bad of ["0", "1.5", "-3", "lots"]) {
      type("rpm", bad);
      fireEvent.click(screen.getByTestId("save-limits"));
      expect(screen.getByText("Enter a whole number of at least 1, or leave it empty for no limit"), bad).toBeTruthy();
      expect(input("rpm").getAttribute("aria-invalid")).toBe("true");
      expect(input("tpm").getAttribute("aria-invalid")).toBe("false");
    }
    expect(onSave).not.toHaveBeenCalled();

    type("rpm", "1,200");
    type("tpm", "");
    fireEvent.click(screen.getByTestId("save-limits"));
    await waitFor(() => expect(onSave).toHaveBeenCalledWith({ requests_per_minute: 1200, tokens_per_minute: null }));
    await waitFor(() => expect(screen.queryByTestId("save-limits")).toBeNull());
  });

  it("keeps the form open with the core's refusal marked", async () => {
    const error = { code: "invalid_rate_limit", message: "A rate limit must be at least 1 per minute (or none).", category: "invalid_request", retriable: false, trace_id: null } as const;
    const onSave = vi.fn(async () => {
      throw new CommandError(error);
    });
    render(<KeyLimits limits={none} editable onSave={onSave} />);
    fireEvent.click(screen.getByTestId("edit-limits"));
    type("tpm", "10");
    fireEvent.click(screen.getByTestId("save-limits"));
    expect((await screen.findByTestId("error-banner")).textContent).toContain("invalid_rate_limit");
    expect(input("rpm").getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByTestId("save-limits")).toBeTruthy();
  });
});
