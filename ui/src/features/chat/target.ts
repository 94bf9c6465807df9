// What a chat pane sends to: a route, or a provider with a model typed or picked. Kept out of the component so the
// rules can be tested.
import type { ChatTarget } from "../../bindings";
import { preferredModel } from "./messages";

export type PaneChoice = { kind: "route"; name: string } | { kind: "provider"; providerId: string };

type ProviderLike = { id: string; default_model: string | null; models: string[] };
type Remembered = { last_route: string | null; last_provider_id: string | null; last_model: string | null };

/** The value of the picker's <option> for a choice, and back; unknown values give null. */
export function choiceValue(choice: PaneChoice): string {
  return choice.kind === "route" ? `route:${choice.name}` : `provider:${choice.providerId}`;
}

export function parseChoice(value: string): PaneChoice | null {
  const [kind, ...rest] = value.split(":");
  const id = rest.join(":");
  if (!id) return null;
  if (kind === "route") return { kind: "route", name: id };
  if (kind === "provider") return { kind: "provider", providerId: id };
  return null;
}

/** What to preselect: the route used last if it still exists, else the last provider and model, else the first. */
export function initialChoice(
  routes: { name: string }[],
  providers: ProviderLike[],
  last: Remembered | null,
): { choice: PaneChoice; model: string } | null {
  if (last?.last_route && routes.some((r) => r.name === last.last_route)) {
    return { choice: { kind: "route", name: last.last_route }, model: "" };
  }
  const provider = providers.find((p) => p.id === last?.last_provider_id) ?? providers[0];
  if (!provider) return routes[0] ? { choice: { kind: "route", name: routes[0].name }, model: "" } : null;
  const model = preferredModel(provider, { providerId: last?.last_provider_id ?? null, model: last?.last_model ?? null });
  return { choice: { kind: "provider", providerId: provider.id }, model };
}

/** The target to send to, or null when a provider is chosen without a model. */
export function chatTarget(choice: PaneChoice | null, model: string): ChatTarget | null {
  if (!choice) return null;
  if (choice.kind === "route") return { kind: "route", name: choice.name };
  const trimmed = model.trim();
  return trimmed ? { kind: "model", provider_id: choice.providerId, model: trimmed } : null;
}

/** What the choice is remembered as in settings. */
export function remembered(target: ChatTarget): Remembered {
  return target.kind === "route"
    ? { last_route: target.name, last_provider_id: null, last_model: null }
    : { last_route: null, last_provider_id: target.provider_id, last_model: target.model };
}

/** The choice a conversation's remembered target comes back as, while that route or provider still exists. */
export function choiceOf(target: ChatTarget | null, routes: { name: string }[], providers: { id: string }[]): { choice: PaneChoice; model: string } | null {
  if (!target) return null;
  if (target.kind === "route") return routes.some((r) => r.name === target.name) ? { choice: { kind: "route", name: target.name }, model: "" } : null;
  return providers.some((p) => p.id === target.provider_id) ? { choice: { kind: "provider", providerId: target.provider_id }, model: target.model } : null;
}
