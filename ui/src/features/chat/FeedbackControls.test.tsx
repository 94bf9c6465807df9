import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import { FeedbackControls, FeedbackNote } from "./FeedbackControls";

describe("feedback on an answer", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  afterEach(cleanup);

  it("rates with a thumb, and takes the rating back when the chosen thumb is pressed again", () => {
    const onChange = vi.fn();
    const { rerender } = render(<FeedbackControls feedback={null} onChange={onChange} />);
    expect(screen.queryByTestId("feedback-note-edit")).toBeNull();
    fireEvent.click(screen.getByTestId("feedback-up"));
    expect(onChange).toHaveBeenLastCalledWith({ rating: "up", note: null });
    rerender(<FeedbackControls feedback={{ rating: "up", note: "kept" }} onChange={onChange} />);
    expect(screen.getByTestId("feedback-up").getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByTestId("feedback-down").getAttribute("aria-pressed")).toBe("false");
    fireEvent.click(screen.getByTestId("feedback-down"));
    expect(onChange).toHaveBeenLastCalledWith({ rating: "down", note: "kept" });
    fireEvent.click(screen.getByTestId("feedback-up"));
    expect(onChange).toHaveBeenLastCalledWith(null);
  });

  it("writes a note in place, trimmed; Esc leaves it as it was", () => {
    const onChange = vi.fn();
    render(<FeedbackControls feedback={{ rating: "down", note: null }} onChange={onChange} />);
    fireEvent.click(screen.getByTestId("feedback-note-edit"));
    fireEvent.change(screen.getByTestId("feedback-note-input"), { target: { value: "  made up a function  " } });
    fireEvent.click(screen.getByTestId("feedback-note-save"));
    expect(onChange).toHaveBeenLastCalledWith({ rating: "down", note: "made up a function" });
    expect(screen.queryByTestId("feedback-note-input")).toBeNull();

    onChange.mockClear();
    fireEvent.click(screen.getByTestId("feedback-note-edit"));
    fireEvent.change(screen.getByTestId("feedback-note-input"), { target: { value: "never mind" } });
    fireEvent.keyDown(screen.getByTestId("feedback-note-input"), { key: "Escape" });
    expect(screen.queryByTestId("feedback-note-input")).toBeNull();
    expect(onChange).not.toHaveBeenCalled();
  });

  it("shows the note under the answer with its rating, in Chinese too", async () => {
    const { rerender } = render(<FeedbackNote feedback={{ rating: "up", note: "spot on" }} />);
    expect(screen.getByTestId("feedback-note").textContent).toBe("Good answer: “spot on”");
    rerender(<FeedbackNote feedback={{ rating: "up", note: null }} />);
    expect(screen.queryByTestId("feedback-note")).toBeNull();
    await i18n.changeLanguage("zh-CN");
    rerender(<FeedbackNote feedback={{ rating: "down", note: "不对" }} />);
    expect(screen.getByTestId("feedback-note").textContent).toBe("回答得不好: “不对”");
    await i18n.changeLanguage("en");
  });
});
