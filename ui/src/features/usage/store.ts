// The Usage screen's state: what is picked, and the report, daily summary, budgets and log fetched for it.
import { create } from "zustand";
import {
  commands,
  type BudgetStatus,
  type DailyReport_Serialize,
  type ExportFormat,
  type LogRow_Serialize,
  type SpendGroup,
  type UsageFilter,
  type UsageReport_Serialize,
} from "../../bindings";
import { toAppError, unwrap, type AppError } from "../../lib/api";
import { buildFilter, NO_SELECTION, type Selection } from "./filter";
import { LOG_PAGE_SIZE, mergeNewest } from "./log";
import { localOffsetMinutes, rangeFor, type RangeChoice, type TimeRange } from "./range";

export type UsageTab = "overview" | "log" | "budgets" | "prices";
export const USAGE_TABS: UsageTab[] = ["overview", "log", "budgets", "prices"];

type UsageState = {
  tab: UsageTab;
  choice: RangeChoice;
  selection: Selection;
  group: SpendGroup;
  /** The range of the data shown; null while a custom range is incomplete. */
  range: TimeRange | null;
  report: UsageReport_Serialize | null;
  daily: DailyReport_Serialize | null;
  budgets: BudgetStatus[];
  log: LogRow_Serialize[];
  nextBefore: number | null;
  loading: boolean;
  loadingMore: boolean;
  error: AppError | null;
  setTab: (tab: UsageTab) => void;
  setChoice: (choice: RangeChoice) => void;
  setSelection: (patch: Partial<Selection>) => void;
  setGroup: (group: SpendGroup) => void;
  /** "live" keeps the log pages already loaded and adds newer rows on top. */
  refresh: (mode?: "full" | "live") => Promise<void>;
  loadMore: () => Promise<void>;
  reloadBudgets: () => Promise<void>;
  exportAs: (format: ExportFormat) => Promise<string>;
  dismissError: () => void;
};

export function currentFilter(s: Pick<UsageState, "choice" | "selection">, nowMs = Date.now()): UsageFilter | null {
  const range = rangeFor(s.choice, nowMs, localOffsetMinutes(new Date(nowMs)));
  return range ? buildFilter(range, s.selection) : null;
}

// Responses to an older request are dropped, so a slow answer never overwrites the one for the latest pick.
let latest = 0;

export const useUsage = create<UsageState>((set, get) => ({
  tab: "overview",
  choice: { preset: "7d", from: "", to: "" },
  selection: NO_SELECTION,
  group: "provider",
  range: null,
  report: null,
  daily: null,
  budgets: [],
  log: [],
  nextBefore: null,
  loading: false,
  loadingMore: false,
  error: null,

  setTab: (tab) => set({ tab }),
  setChoice: (choice) => {
    set({ choice });
    void get().refresh();
  },
  setSelection: (patch) => {
    set((s) => ({ selection: { ...s.selection, ...patch } }));
    void get().refresh();
  },
  setGroup: (group) => {
    set({ group });
    void get().refresh();
  },

  refresh: async (mode = "full") => {
    const filter = currentFilter(get());
    if (!filter) return;
    const request = ++latest;
    set({ loading: true });
    try {
      const [report, daily, budgets, page] = await Promise.all([
        unwrap(commands.usageReport(filter, get().group)),
        unwrap(commands.dailyReport()),
        unwrap(commands.listBudgets()),
        unwrap(commands.usageLog(filter, null, LOG_PAGE_SIZE)),
      ]);
      if (request !== latest) return;
      const keepPages = mode === "live" && get().log.length > 0;
      set({
        range: { from_ms: filter.from_ms, to_ms: filter.to_ms, tz_offset_minutes: filter.tz_offset_minutes },
        report,
        daily,
        budgets,
        log: keepPages ? mergeNewest(get().log, page.rows) : page.rows,
        nextBefore: keepPages ? get().nextBefore : page.next_before,
        error: null,
      });
    } catch (e) {
      if (request === latest) set({ error: toAppError(e) });
    } finally {
      if (request === latest) set({ loading: false });
    }
  },

  loadMore: async () => {
    const { nextBefore, loadingMore } = get();
    const filter = currentFilter(get());
    if (nextBefore === null || loadingMore || !filter) return;
    const request = latest;
    set({ loadingMore: true });
    try {
      const page = await unwrap(commands.usageLog(filter, nextBefore, LOG_PAGE_SIZE));
      if (request === latest) set((s) => ({ log: [...s.log, ...page.rows], nextBefore: page.next_before }));
    } catch (e) {
      set({ error: toAppError(e) });
    } finally {
      set({ loadingMore: false });
    }
  },

  reloadBudgets: async () => {
    const budgets = await unwrap(commands.listBudgets());
    set({ budgets });
  },

  exportAs: async (format) => {
    const filter = currentFilter(get());
    if (!filter) throw new Error("no range");
    return unwrap(commands.exportUsage(filter, format));
  },

  dismissError: () => set({ error: null }),
}));
