import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import { Composer } from "./Composer";

const renderComposer = (over: Partial<Parameters<typeof Composer>[0]> = {}) => {
  const props = { model: "m", busy: false, disabled: false, onSend: vi.fn(), onStop: vi.fn(), ...over };
  render(<Composer {...props} />);
  return props;
};

describe("the composer", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  afterEach(cleanup);

  it("sends at once with Send and with Enter, and later with Send later", () => {
    const { onSend } = renderComposer();
    const input = screen.getByTestId("composer-input");
    fireEvent.change(input, { target: { value: "now" } });
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onSend).toHaveBeenLastCalledWith("now", false);
    fireEvent.change(input, { target: { value: "also now" } });
    fireEvent.click(screen.getByTestId("send"));
    expect(onSend).toHaveBeenLastCalledWith("also now", false);
    fireEvent.change(input, { target: { value: "tomorrow" } });
    fireEvent.click(screen.getByTestId("send-later"));
    expect(onSend).toHaveBeenLastCalledWith("tomorrow", true);
    expect(onSend).toHaveBeenCalledTimes(3);
    expect((input as HTMLTextAreaElement).value).toBe("");
  });

  it("offers neither with nothing written, and Stop instead while an answer streams", () => {
    renderComposer();
    expect(screen.getByTestId("send-later").hasAttribute("disabled")).toBe(true);
    cleanup();
    const { onStop } = renderComposer({ busy: true });
    expect(screen.queryByTestId("send-later")).toBeNull();
    fireEvent.click(screen.getByTestId("stop"));
    expect(onStop).toHaveBeenCalled();
  });
});
