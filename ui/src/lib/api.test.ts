import { describe, expect, it } from "vitest";
import { CommandError, toAppError, unwrap } from "./api";

describe("unwrap", () => {
  it("returns data on ok and throws a CommandError carrying the core error", async () => {
    await expect(unwrap(Promise.resolve({ status: "ok" as const, data: 3 }))).resolves.toBe(3);
    const error = { code: "provider_auth_failed", message: "no", category: "auth" as const, retriable: false, trace_id: "t1" };
    const thrown = await unwrap(Promise.resolve({ status: "error" as const, error })).catch((e) => e);
    expect(thrown).toBeInstanceOf(CommandError);
    expect(toAppError(thrown)).toEqual(error);
  });

  it("turns unknown failures into a displayable error", () => {
    expect(toAppError(new Error("boom"))).toMatchObject({ code: "ui_error", message: "boom" });
    expect(toAppError("x").message).toBe("x");
  });
});
