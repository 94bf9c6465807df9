import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const exportConversation = vi.fn();
vi.mock("../../bindings", () => ({ commands: { exportConversation: (id: string, format: string) => exportConversation(id, format) } }));

const i18n = (await import("../../i18n")).default;
const { ConversationExport } = await import("./ConversationExport");

describe("exporting the open conversation", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  beforeEach(() => exportConversation.mockReset().mockImplementation((id: string, format: string) => Promise.resolve({ status: "ok", data: `/home/me/Downloads/${id}.${format === "markdown" ? "md" : "json"}` })));
  afterEach(cleanup);

  it("writes Markdown or JSON of that conversation and shows where the file went", async () => {
    render(<ConversationExport conversationId="c7" />);
    expect(screen.getByTestId("export-markdown").textContent).toBe("Export as Markdown");
    fireEvent.click(screen.getByTestId("export-markdown"));
    expect((await screen.findByTestId("export-path")).textContent).toBe("/home/me/Downloads/c7.md");
    expect(exportConversation).toHaveBeenLastCalledWith("c7", "markdown");
    fireEvent.click(screen.getByTestId("export-json"));
    await waitFor(() => expect(screen.getByTestId("export-path").textContent).toBe("/home/me/Downloads/c7.json"));
    expect(exportConversation).toHaveBeenLastCalledWith("c7", "json");
  });

  it("shows the core's error when the file cannot be written", async () => {
    exportConversation.mockImplementation(() => Promise.resolve({ status: "error", error: { code: "export_failed", message: "Downloads is not writable", category: "storage", retriable: false, trace_id: "t3" } }));
    render(<ConversationExport conversationId="c7" />);
    fireEvent.click(screen.getByTestId("export-json"));
    expect((await screen.findByTestId("error-banner")).textContent).toContain("t3");
    expect(screen.queryByTestId("export-notice")).toBeNull();
  });
});
