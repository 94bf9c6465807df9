// Every key the code asks for exists, so no screen shows a raw key in either language (parity is i18n.test.ts).
import { describe, expect, it } from "vitest";
import en from "./en.json";
import { SCREENS } from "../data/navigation";
import { ORIGINS, STATUSES } from "../features/usage/filter";
import { CACHE_FIELDS, CACHE_POLICIES } from "../features/settings/cacheSettings";
import { RANGE_PRESETS } from "../features/usage/range";
import { TOKEN_KINDS, UNCATEGORISED } from "../features/usage/series";
import { ACTIONS, PERIODS, SCOPE_KINDS } from "../features/usage/budgets/form";
import { USAGE_TABS } from "../features/usage/store";
import { ITEM_STATES, NEXT_TRY_KINDS, QUEUE_ACTIONS, REACHABILITIES } from "../data/queueItem";
import { QUEUE_FIELDS } from "../features/settings/queueSettings";
import { WHEN_FULL } from "../features/settings/ledgerSettings";
import { AUDIT_ACTIONS, CHANGE_SOURCES, SUBJECT_KINDS } from "../features/settings/changeHistory";
import { COMPARE_OPS, NODE_STATUSES, ON_ERROR, PROBLEM_CODES, RETRY_ON, RUN_STATUSES, VAR_TYPES } from "../data/workflows";
import { NODE_KINDS } from "../features/workflows/nodes/registry";
import { CLIENT_CODES } from "../features/workflows/nodes/types";
import { COMMAND_NAMES } from "../features/workflows/graph/commands";
import { REFUSALS } from "../features/workflows/graph/rules";
import { SIDE_TABS } from "../features/workflows/canvasStore";
import { CONFLICT_KINDS } from "../data/workflowHistory";
import { HISTORY_NOTICES } from "../features/workflows/history/store";
import { UPDATE_MODES } from "../data/updates";
import { CLOSE_CHOICES } from "../features/settings/windowSettings";
import { DATE_GROUPS } from "../features/chat/dateGroups";
import { SHORTCUT_IDS } from "../features/shortcuts/shortcutList";

type Tree = { [key: string]: string | Tree };
const leaf = (key: string) => typeof key.split(".").reduce<Tree | string | undefined>((n, p) => (typeof n === "object" ? n[p] : undefined), en as Tree) === "string";
/** A key exists as a string or as a plural (`key_other`, which i18next picks from when given a count). */
const has = (key: string) => leaf(key) || leaf(`${key}_other`);

const sources = import.meta.glob("../**/*.tsx", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

describe("translation keys used by the code", () => {
  it("every literal t(\"…\") key exists", () => {
    const missing = Object.entries(sources).flatMap(([file, text]) =>
      [...text.matchAll(/\bt\("([\w.]+)"/g)].map((m) => m[1]).filter((k) => !has(k)).map((k) => `${file}: ${k}`),
    );
    expect(missing).toEqual([]);
  });

  it("every key built from a value exists for each value", () => {
    const categories = ["invalid_request", "auth", "rate_limited", "upstream", "timeout", "connect", "forbidden", "not_found", "cancelled", "storage", "internal", UNCATEGORISED];
    const keys = [
      ...SCREENS.map((s) => `nav.${s}`),
      ...USAGE_TABS.map((x) => `usage.tab.${x}`),
      ...RANGE_PRESETS.map((p) => `usage.range.${p}`),
      ...ORIGINS.map((o) => `usage.origin.${o}`),
      ...STATUSES.map((s) => `usage.status.${s}`),
      ...categories.map((c) => `usage.category.${c}`),
      ...TOKEN_KINDS.map((k) => `usage.tokens.kind.${k}`),
      ...["latency_p50", "latency_p95", "ttft_p50", "ttft_p95"].map((k) => `usage.latency.${k}`),
      ...["provider", "model"].map((g) => `usage.spend.by.${g}`),
      ...["genai_prices", "bundled", "override", "local", "shared", "no_answer", "cached"].map((s) => `usage.source.${s}`),
      ...["hit", "miss", "bypass"].map((u) => `usage.cacheUse.${u}`),
      ...CACHE_POLICIES.flatMap((p) => [`cache.policy.${p}`, `cache.policyHint.${p}`]),
      ...CACHE_FIELDS.flatMap((f) => [`settings.cache.field.${f}`, `settings.cache.fieldHint.${f}`, `settings.cache.bad.${f}`]),
      ...["ms", "s", "min", "h", "d"].map((u) => `duration.${u}`),
      ...SCOPE_KINDS.map((k) => `usage.budgets.scopeKind.${k}`),
      ...PERIODS.map((p) => `usage.budgets.periodKind.${p}`),
      ...ACTIONS.map((a) => `usage.budgets.actionKind.${a}`),
      ...["name", "provider", "key", "limit"].map((p) => `usage.budgets.problem.${p}`),
      ...["input", "output", "cacheRead", "cacheWrite", "reasoning"].map((f) => `usage.prices.field.${f}`),
      ...["providerId", "model", "currency", "input", "output", "cacheRead", "cacheWrite", "reasoning"].map((f) => `usage.prices.problem.${f}`),
      ...["unpriced", "free"].map((k) => `chat.cost.${k}`),
      ...ITEM_STATES.map((s) => `queue.state.${s}`),
      ...QUEUE_ACTIONS.map((a) => `queue.action.${a}`),
      ...NEXT_TRY_KINDS.map((k) => `queue.next.${k}`),
      ...REACHABILITIES.map((r) => `reach.${r}`),
      ...QUEUE_FIELDS.flatMap((f) => [`settings.queue.field.${f}`, `settings.queue.bad.${f}`]),
      ...WHEN_FULL.flatMap((w) => [`settings.ledger.mode.${w}`, `settings.ledger.modeHint.${w}`]),
      ...["queued", "streaming", "stopped", "error", "interrupted"].map((s) => `chat.status.${s}`),
      ...SUBJECT_KINDS.map((k) => `settings.history.kind.${k}`),
      ...CHANGE_SOURCES.map((s) => `settings.history.source.${s}`),
      ...AUDIT_ACTIONS.map((a) => `settings.history.action.${a}`),
      ...NODE_KINDS.flatMap((k) => [`workflows.kind.${k}`, `workflows.kindHint.${k}`]),
      ...COMMAND_NAMES.map((c) => `workflows.command.${c}`),
      ...REFUSALS.map((r) => `workflows.refusal.${r}`),
      ...[...PROBLEM_CODES, ...CLIENT_CODES].map((c) => `workflows.problem.${c}`),
      ...RUN_STATUSES.map((s) => `workflows.runStatus.${s}`),
      ...NODE_STATUSES.map((s) => `workflows.nodeStatus.${s}`),
      ...VAR_TYPES.map((v) => `workflows.varType.${v}`),
      ...COMPARE_OPS.map((o) => `workflows.op.${o}`),
      ...RETRY_ON.map((r) => `workflows.retryOn.${r}`),
      ...ON_ERROR.flatMap((o) => [`workflows.onError.${o}`, `workflows.onErrorHint.${o}`]),
      ...SIDE_TABS.map((x) => `workflows.tab.${x}`),
      ...CONFLICT_KINDS.map((k) => `workflows.history.conflictKind.${k}`),
      ...HISTORY_NOTICES.map((n) => `workflows.history.notice.${n}`),
      ...["saved", "pending", "saving", "conflict", "error"].map((s) => `workflows.save.${s}`),
      ...["required", "number", "json", "type"].map((e) => `workflows.inputError.${e}`),
      ...UPDATE_MODES.flatMap((m) => [`updates.mode.${m}`, `updates.modeHint.${m}`]),
      ...CLOSE_CHOICES.map((c) => `window.settings.close.${c}`),
      ...DATE_GROUPS.map((g) => `chat.group.${g}`),
      ...SHORTCUT_IDS.map((s) => `shortcuts.action.${s}`),
      "budgetAlert.crossed",
      "budgetAlert.blocked",
    ];
    expect(keys.filter((k) => !has(k))).toEqual([]);
  });
});
