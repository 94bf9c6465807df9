import { describe, expect, it } from "vitest";
import i18n from "../i18n";
import { errorText } from "./errorText";

const unreachable = { code: "provider_unreachable", message: "Could not connect to the provider (as core said)." };

describe("errorText", () => {
  it("shows core's own message in English", () => {
    expect(errorText(i18n.getFixedT("en"), "en", unreachable)).toBe(unreachable.message);
  });

  it("translates a known code and keeps an unknown one as core wrote it", () => {
    const zh = i18n.getFixedT("zh-CN");
    expect(errorText(zh, "zh-CN", unreachable)).toBe("无法连接到服务商。请检查 Base URL 和你的网络。");
    const odd = { code: "provider_rejected_request", message: "The provider rejected the request (HTTP 400)." };
    expect(errorText(zh, "zh-CN", odd)).toBe(odd.message);
  });
});
