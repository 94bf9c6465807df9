import { describe, expect, it } from "vitest";
import { buildFilter, isNarrowed, NO_SELECTION, ORIGINS, toggle } from "./filter";

const range = { from_ms: 1, to_ms: 2, tz_offset_minutes: 480 };

describe("buildFilter", () => {
  it("sends empty lists for 'all' and one value for a pick", () => {
    expect(buildFilter(range, NO_SELECTION)).toEqual({ ...range, provider_ids: [], models: [], origin_kinds: [], statuses: [] });
    expect(buildFilter(range, { providerId: "p1", model: "m", origins: ["gateway"], statuses: ["error"] })).toEqual({
      ...range, provider_ids: ["p1"], models: ["m"], origin_kinds: ["gateway"], statuses: ["error"],
    });
  });

  it("knows whether anything narrows the view", () => {
    expect(isNarrowed(NO_SELECTION)).toBe(false);
    expect(isNarrowed({ ...NO_SELECTION, statuses: ["ok"] })).toBe(true);
  });

  it("toggles a value in and out, in canonical order", () => {
    expect(toggle(ORIGINS, ["workflow"], "pane")).toEqual(["pane", "workflow"]);
    expect(toggle(ORIGINS, ["pane", "workflow"], "pane")).toEqual(["workflow"]);
  });
});
