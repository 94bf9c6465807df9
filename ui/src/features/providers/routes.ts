// The route editor's rules, kept out of the component so they can be tested.
import type { RouteTarget, Route_Serialize } from "../../bindings";

/** A route as saved and listed: `strict` is always there (the backend reads a missing one as false). */
export type Route = Route_Serialize;

export type RouteProblem = "name" | "targets" | "model";

export function emptyRoute(firstProvider: { id: string; default_model: string | null; models: string[] } | undefined): Route {
  return {
    name: "",
    strategy: "priority",
    targets: firstProvider ? [{ provider_id: firstProvider.id, model: firstProvider.default_model ?? firstProvider.models[0] ?? "", weight: 1 }] : [],
    strict: false,
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
