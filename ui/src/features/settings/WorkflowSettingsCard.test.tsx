import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import { CommandError } from "../../lib/api";
import { parseParallelism, WorkflowSettingsCard } from "./WorkflowSettingsCard";
import { testSettings } from "../../data/testSettings";

const settings = testSettings();

describe("the workflows settings card", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  afterEach(cleanup);

  it("reads whole numbers from 1 to 64 only", () => {
    expect([parseParallelism("1"), parseParallelism(" 64 "), parseParallelism("8")]).toEqual([1, 64, 8]);
    for (const bad of ["0", "65", "2.5", "", "four", "-1"]) expect(parseParallelism(bad)).toBeNull();
  });

  it("shows the saved value, refuses what the core would refuse, then saves", async () => {
    const onSave = vi.fn(async () => {});
    render(<WorkflowSettingsCard settings={settings} onSave={onSave} />);
    const input = screen.getByTestId<HTMLInputElement>("workflow-parallelism");
    expect(input.value).toBe("4");
    fireEvent.change(input, { target: { value: "0" } });
    fireEvent.click(screen.getByTestId("save-workflow-settings"));
    expect(await screen.findByText("A whole number from 1 to 64.")).toBeTruthy();
    expect(onSave).not.toHaveBeenCalled();
    fireEvent.change(input, { target: { value: "8" } });
    fireEvent.click(screen.getByTestId("save-workflow-settings"));
    await waitFor(() => expect(onSave).toHaveBeenCalledWith({ workflow_parallelism: 8 }));
    expect(input.getAttribute("aria-invalid")).toBe("false");
  });

  it("marks the field when the core refuses the value", async () => {
    const refused = new CommandError({ code: "invalid_workflow_parallelism", message: "Let from 1 to 64 workflow nodes run at once.", category: "invalid_request", retriable: false, trace_id: null });
    render(<WorkflowSettingsCard settings={settings} onSave={vi.fn(async () => { throw refused; })} />);
    fireEvent.click(screen.getByTestId("save-workflow-settings"));
    await waitFor(() => expect(screen.getByTestId("workflow-parallelism").getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText("Let from 1 to 64 workflow nodes run at once.")).toBeTruthy();
  });
});
