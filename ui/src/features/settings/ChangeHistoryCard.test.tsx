import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import type { AuditEntry_Serialize, AuditPage_Serialize } from "../../bindings";
import { CommandError } from "../../lib/api";
import { ChangeHistoryCard } from "./ChangeHistoryCard";

const entry = (over: Partial<AuditEntry_Serialize>): AuditEntry_Serialize => ({
  id: 1,
  at: Date.UTC(2025, 0, 2, 3, 4, 5),
  source: "app",
  action: "updated",
  subject_kind: "provider",
  subject_id: "p1",
  subject_name: "Upstream",
  old: null,
  new: null,
  ...over,
});

const renamed = entry({
  id: 3,
  old: { name: "Upstream", api_key: "set", base_url: "http://a/v1", extra_headers: ["x-team"] },
  new: { name: "Renamed", api_key: "replaced", base_url: "http://a/v1", extra_headers: ["x-team"] },
  subject_name: "Renamed",
});
const settingsChange = entry({ id: 2, source: "config_file", subject_kind: "settings", subject_id: "settings", subject_name: "settings", old: { cache_ttl_days: 7 }, new: { cache_ttl_days: 3 } });
const keyCreated = entry({ id: 1, source: "cli", action: "created", subject_kind: "access_key", subject_name: "ci", new: { name: "ci", prefix: "sy-1a2b3c", scopes: ["chat"], requests_per_minute: null } });

const page = (entries: AuditEntry_Serialize[], next_before: number | null = null): AuditPage_Serialize => ({ entries, next_before });

describe("the change history card", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  afterEach(cleanup);

  it("tells a new user that nothing was changed yet", async () => {
    render(<ChangeHistoryCard load={async () => page([])} onExport={vi.fn()} />);
    expect((await screen.findByTestId("history-empty")).textContent).toContain("No changes yet");
    expect(screen.queryAllByTestId("history-entry")).toHaveLength(0);
  });

  it("lists each change with its source and only the fields it changed, old → new", async () => {
    render(<ChangeHistoryCard load={async () => page([renamed, settingsChange, keyCreated])} onExport={vi.fn()} />);
    const rows = await screen.findAllByTestId("history-entry");
    expect(rows).toHaveLength(3);
    expect(rows[0].textContent).toContain("App");
    expect(rows[0].textContent).toContain("Provider Renamed changed");
    expect(rows[0].textContent).toContain("name: Upstream → Renamed");
    expect(rows[0].textContent).toContain("API key: set → replaced");
    expect(rows[0].textContent).not.toContain("base url");
    expect(rows[0].textContent).not.toContain("extra headers");
    expect(rows[1].textContent).toContain("Config file");
    expect(rows[1].textContent).toContain("keep cached answers (days): 7 → 3");
    expect(rows[2].textContent).toContain("Command line");
    expect(rows[2].textContent).toContain("Access key ci created");
    expect(rows[2].textContent).toContain("scopes: chat");
    expect(rows[2].textContent).not.toContain("requests per minute");
  });

  it("names fields and the core's words in the person's language, numbers and names as they are", async () => {
    await i18n.changeLanguage("zh-CN");
    try {
      render(<ChangeHistoryCard load={async () => page([renamed, settingsChange, keyCreated])} onExport={vi.fn()} />);
      const rows = await screen.findAllByTestId("history-entry");
      expect(rows[0].textContent).toContain("API 密钥: 已设置 → 已替换");
      expect(rows[0].textContent).toContain("名称: Upstream → Renamed");
      expect(rows[1].textContent).toContain("缓存保留天数: 7 → 3");
      expect(rows[2].textContent).toContain("权限: 对话");
      expect(rows[2].textContent).toContain("前缀: sy-1a2b3c");
    } finally {
      await i18n.changeLanguage("en");
    }
  });

  it("filters by kind, loads older pages and says when a kind has no changes", async () => {
    const load = vi.fn(async (kind: string | null, before: number | null) => {
      if (kind === "route") return page([]);
      return before === null ? page([renamed], 3) : page([keyCreated]);
    });
    render(<ChangeHistoryCard load={load} onExport={vi.fn()} />);
    await screen.findByTestId("history-entry");
    fireEvent.click(screen.getByTestId("history-more"));
    await waitFor(() => expect(screen.getAllByTestId("history-entry")).toHaveLength(2));
    expect(load).toHaveBeenLastCalledWith(null, 3);
    expect(screen.queryByTestId("history-more")).toBeNull();

    fireEvent.change(screen.getByTestId("history-kind"), { target: { value: "route" } });
    expect((await screen.findByTestId("history-empty")).textContent).toBe("No changes of this kind yet.");
    expect(load).toHaveBeenLastCalledWith("route", null);
  });

  it("reloads on refresh and when told to", async () => {
    const load = vi.fn(async () => page([]));
    const { rerender } = render(<ChangeHistoryCard load={load} onExport={vi.fn()} refreshKey={1} />);
    await waitFor(() => expect(load).toHaveBeenCalledTimes(1));
    fireEvent.click(screen.getByTestId("history-refresh"));
    await waitFor(() => expect(load).toHaveBeenCalledTimes(2));
    rerender(<ChangeHistoryCard load={load} onExport={vi.fn()} refreshKey={2} />);
    await waitFor(() => expect(load).toHaveBeenCalledTimes(3));
  });

  it("exports what the filter shows and says where the file went", async () => {
    const onExport = vi.fn(async () => "/tmp/switchyard-changes.csv");
    render(<ChangeHistoryCard load={async () => page([keyCreated])} onExport={onExport} />);
    fireEvent.change(screen.getByTestId("history-kind"), { target: { value: "access_key" } });
    fireEvent.click(screen.getByTestId("export-csv"));
    expect((await screen.findByTestId("export-notice")).textContent).toContain("/tmp/switchyard-changes.csv");
    expect(onExport).toHaveBeenCalledWith("access_key", "csv");
  });

  it("shows the core's error", async () => {
    const error = { code: "storage_failed", message: "The local database could not complete the operation.", category: "storage", retriable: false, trace_id: null } as const;
    render(<ChangeHistoryCard load={async () => Promise.reject(new CommandError(error))} onExport={vi.fn()} />);
    expect((await screen.findByTestId("error-banner")).textContent).toContain("storage_failed");
  });
});
