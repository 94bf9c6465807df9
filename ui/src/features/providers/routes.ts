// The route editor's rules, kept out of the component so they can be tested.
import type { CachePolicy, RouteTarget, Route_Serialize } from "../../bindings";

/** A route as saved and listed: `strict`, `cache` and `cache_tool_calls` are always there. */
export type Route = Route_Serialize;

export type RouteProblem = "name" | "targets" | "model";

export function emptyRoute(firstProvider: { id: string; default_model: string | null; models: string[] } | undefined): Route {
  return {
    name: "",
    strategy: "priority",
    targets: firstProvider ? [{ provider_id: firstProvider.id, model: firstProvider.default_model ?? firstProvider.models[0] ?? "", weight: 1 }] : [],
    strict: false,
    cache: null,
    cache_tool_calls: false,
  };
}

export function validateRoute(r: Route): RouteProblem[] {
  const problems: RouteProblem[] = [];
  if (!r.name.trim()) problems.push("name");
  if (r.targets.length === 0) problems.push("targets");
  if (r.targets.some((t) => !t.model.trim())) problems.push("model");
  return problems;
}

export function moveTarget(targets: RouteTarget[], from: number, to: number): RouteTarget[] {
  if (to < 0 || to >= targets.length) return targets;
  const next = targets.slice();
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved);
  return next;
}

/** A route's cache choice as its select shows it: "settings" follows the Settings policy (saved as null). */
export type CacheChoice = "settings" | CachePolicy;
export const CACHE_CHOICES: CacheChoice[] = ["settings", "off", "deterministic", "always"];

export const cacheChoice = (r: Pick<Route, "cache">): CacheChoice => r.cache ?? "settings";

export function withCacheChoice(r: Route, choice: CacheChoice): Route {
  return { ...r, cache: choice === "settings" ? null : choice };
}

/** The policy the route's calls get: its own, or the one in Settings. */
export function effectivePolicy(r: Pick<Route, "cache">, settingsPolicy: CachePolicy): CachePolicy {
  return r.cache ?? settingsPolicy;
}
