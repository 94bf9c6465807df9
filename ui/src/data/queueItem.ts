// How a waiting message is described, the same on the Queue screen and in the chat pane: what can be done to it,
// when it is tried next, where it stands, what it is sent to. Pure, so the rules can be tested.
import type { ChatTarget, ItemState, Reachability } from "../bindings";
import { formatDuration } from "../lib/cache";
import type { ProviderReach, QueueItem, QueueStatus } from "./queue";

export const ITEM_STATES: ItemState[] = ["queued", "held", "sending", "needs_decision"];
export const REACHABILITIES: Reachability[] = ["online", "degraded", "offline", "unknown"];

export type QueueAction = "sendNow" | "resend" | "edit" | "cancel";
export const QUEUE_ACTIONS: QueueAction[] = ["sendNow", "resend", "edit", "cancel"];
/** The action's part of a button's test id: `send-now`, `resend`, `edit`, `cancel`. */
export const actionSlug = (action: QueueAction) => (action === "sendNow" ? "send-now" : action);

/** What the person may do: nothing to a message being sent (stop its answer in the chat instead). */
export function actionsFor(state: ItemState): QueueAction[] {
  switch (state) {
    case "queued":
    case "held":
      return ["sendNow", "edit", "cancel"];
    case "needs_decision":
      return ["resend", "edit", "cancel"];
    case "sending":
      return [];
  }
}

/**
 * When the item is tried next. `in`: after `ms` (its own backoff, or its provider's next probe when that is known
 * unreachable); `due`: as soon as its turn comes; the other kinds wait for something else than time.
 */
export type NextTry =
  | { kind: "in"; ms: number }
  | { kind: "due" }
  | { kind: "whenYouSay" }
  | { kind: "decision" }
  | { kind: "sending" };

export function nextTry(item: Pick<QueueItem, "state" | "next_attempt_at">, reach: ProviderReach | undefined, now: number): NextTry {
  if (item.state === "held") return { kind: "whenYouSay" };
  if (item.state === "needs_decision") return { kind: "decision" };
  if (item.state === "sending") return { kind: "sending" };
  const probe = reach?.state === "offline" ? (reach.next_probe_at ?? 0) : 0;
  const at = Math.max(item.next_attempt_at, probe);
  return at > now ? { kind: "in", ms: at - now } : { kind: "due" };
}

/** The reachability of the provider a message goes to; a route may use several, so it has none. */
export function reachOf(target: ChatTarget, providers: ProviderReach[]): ProviderReach | undefined {
  return target.kind === "model" ? providers.find((p) => p.provider_id === target.provider_id) : undefined;
}

/** "1st", "2nd", "23rd" in English; the bare number elsewhere (the sentence around it says "第 n"). */
export function ordinal(n: number, language: string): string {
  if (!language.startsWith("en")) return String(n);
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th"}`;
}

/** A question on one line, cut to `max` characters with an ellipsis. */
export function shorten(text: string, max = 120): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

/** What the limits count (items not being sent, and their text) against the limits. KB are rounded up. */
export function limitsUsed(status: Pick<QueueStatus, "items" | "max_items" | "max_kb">) {
  const waiting = status.items.filter((i) => i.state !== "sending");
  const bytes = waiting.reduce((sum, i) => sum + i.bytes, 0);
  return { items: waiting.length, maxItems: status.max_items, kb: Math.ceil(bytes / 1024), maxKb: status.max_kb };
}

/** "DeepSeek/deepseek-chat" for a model (the provider by name while it exists), the route's name for a route. */
export function targetLabel(target: ChatTarget, providers: { id: string; name: string }[]): string {
  if (target.kind === "route") return target.name;
  const name = providers.find((p) => p.id === target.provider_id)?.name ?? target.provider_id;
  return `${name}/${target.model}`;
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

export const NEXT_TRY_KINDS: NextTry["kind"][] = ["in", "due", "whenYouSay", "decision", "sending"];

/** "Next try in 12 s", or what else the message waits for, in the UI's language (keys `queue.next.*`). */
export function nextTryText(next: NextTry, t: Translate): string {
  if (next.kind !== "in") return t(`queue.next.${next.kind}`);
  // A countdown in whole seconds: "12 s", not "11.4 s".
  return t("queue.next.in", { duration: formatDuration(Math.ceil(next.ms / 1000) * 1000, t as never) });
}
