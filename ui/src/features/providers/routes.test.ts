import { describe, expect, it } from "vitest";
import { emptyRoute, moveTarget, validateRoute } from "./routes";

describe("route editor rules", () => {
  it("starts from the first provider and needs a name, targets and models", () => {
    const r = emptyRoute({ id: "p", default_model: "deepseek-chat", models: [] });
    expect(r.targets).toEqual([{ provider_id: "p", model: "deepseek-chat", weight: 1 }]);
    expect(r.strict).toBe(false);
    expect(validateRoute(r)).toEqual(["name"]);
    expect(validateRoute({ ...r, name: "smart", targets: [] })).toEqual(["targets"]);
    expect(validateRoute({ ...r, name: "smart", targets: [{ provider_id: "p", model: " ", weight: 1 }] })).toEqual(["model"]);
    expect(emptyRoute(undefined).targets).toEqual([]);
  });

  it("reorders targets and ignores moves past either end", () => {
    const t = (id: string) => ({ provider_id: id, model: "m", weight: 1 });
    const list = [t("a"), t("b"), t("c")];
    expect(moveTarget(list, 2, 0).map((x) => x.provider_id)).toEqual(["c", "a", "b"]);
    expect(moveTarget(list, 0, -1)).toBe(list);
  });
});
