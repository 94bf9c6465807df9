// What the person picked on the filter bar, and the UsageFilter the core reads from it.
import type { CallStatus, OriginKind, UsageFilter } from "../../bindings";
import type { TimeRange } from "./range";

export const ORIGINS: OriginKind[] = ["pane", "gateway", "workflow"];
export const STATUSES: CallStatus[] = ["ok", "cached", "error", "cancelled"];

/** "" means every provider / model; empty lists mean every origin / status. */
export type Selection = { providerId: string; model: string; origins: OriginKind[]; statuses: CallStatus[] };
export const NO_SELECTION: Selection = { providerId: "", model: "", origins: [], statuses: [] };

export function buildFilter(range: TimeRange, s: Selection): UsageFilter {
  return {
    ...range,
    provider_ids: s.providerId ? [s.providerId] : [],
    models: s.model ? [s.model] : [],
    origin_kinds: s.origins,
    statuses: s.statuses,
  };
}

export function isNarrowed(s: Selection): boolean {
  return Boolean(s.providerId || s.model || s.origins.length || s.statuses.length);
}

/** Adds or removes one value of a multi-choice filter, keeping the canonical order. */
export function toggle<T>(all: readonly T[], chosen: T[], value: T): T[] {
  const next = chosen.includes(value) ? chosen.filter((v) => v !== value) : [...chosen, value];
  return all.filter((v) => next.includes(v));
}
