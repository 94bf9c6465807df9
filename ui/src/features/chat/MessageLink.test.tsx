import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const openUrl = vi.fn();
vi.mock("@tauri-apps/plugin-opener", () => ({ openUrl: (url: string) => openUrl(url) }));

const { MarkdownBody } = await import("./MarkdownBody");
const { openableUrl } = await import("../../lib/externalLink");

describe("links in an answer", () => {
  beforeEach(() => openUrl.mockReset().mockResolvedValue(undefined));
  afterEach(cleanup);

  it("open http(s) and mailto in the system browser and never navigate the webview", () => {
    render(<MarkdownBody text={"[docs](https://example.com/a?b=1) and <http://example.org> or [mail](mailto:me@example.com)"} />);
    const links = screen.getAllByTestId("message-link");
    expect(links.map((a) => a.textContent)).toEqual(["docs", "http://example.org", "mail"]);
    for (const link of links) {
      const notPrevented = fireEvent.click(link);
      expect(notPrevented).toBe(false);
    }
    expect(openUrl.mock.calls.map((c) => c[0])).toEqual(["https://example.com/a?b=1", "http://example.org/", "mailto:me@example.com"]);
  });

  it("ignores any other kind of link, still without navigating", () => {
    render(<MarkdownBody text={"[irc](irc://irc.example.net/chan) [relative](./page.html) [anchor](#top)"} />);
    for (const link of screen.getAllByTestId("message-link")) expect(fireEvent.click(link)).toBe(false);
    expect(openUrl).not.toHaveBeenCalled();
  });

  it("a middle click does not open a webview window either", () => {
    render(<MarkdownBody text={"[docs](https://example.com)"} />);
    expect(fireEvent(screen.getByTestId("message-link"), new MouseEvent("auxclick", { bubbles: true, cancelable: true, button: 1 }))).toBe(false);
    expect(openUrl).toHaveBeenCalledWith("https://example.com/");
  });
});

describe("openableUrl", () => {
  it("accepts only absolute http, https and mailto URLs", () => {
    expect(openableUrl("HTTPS://Example.com")).toBe("https://example.com/");
    expect(openableUrl("mailto:a@b.c")).toBe("mailto:a@b.c");
    expect(openableUrl("javascript:alert(1)")).toBeNull();
    expect(openableUrl("file:///etc/passwd")).toBeNull();
    expect(openableUrl("tauri://localhost/settings")).toBeNull();
    expect(openableUrl("/relative")).toBeNull();
    expect(openableUrl(undefined)).toBeNull();
  });
});
