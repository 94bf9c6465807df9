import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import { COPIED_MS } from "../../lib/CopyButton";
import { MarkdownBody } from "./MarkdownBody";

const writeText = vi.fn();

describe("code blocks in an answer", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  beforeEach(() => {
    writeText.mockReset().mockResolvedValue(undefined);
    Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText } });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  const answer = ["Try:", "```python", "def add(a, b):", '    return a + b  # "sum"', "```", "or", "```", "plain text", "```"].join("\n");

  it("are highlighted by the language they name", () => {
    render(<MarkdownBody text={answer} />);
    const [python, plain] = screen.getAllByTestId("code-block");
    expect(python.querySelector("code")?.classList.contains("hljs")).toBe(true);
    expect(python.querySelector(".hljs-keyword")?.textContent).toBe("def");
    expect(python.querySelector(".hljs-comment")?.textContent).toBe('# "sum"');
    expect(python.querySelector(".code-language")?.textContent).toBe("python");
    expect(plain.querySelector("[class^=hljs]")).toBeNull();
  });

  it("in a language not registered are shown plain, with their text intact", () => {
    render(<MarkdownBody text={"```cobol\nDISPLAY 'HI'.\n```"} />);
    expect(screen.getByTestId("code-block").querySelector("code")?.textContent).toBe("DISPLAY 'HI'.\n");
  });

  it("each have a copy button that copies that block's code and says Copied for a moment", async () => {
    render(<MarkdownBody text={answer} />);
    const buttons = screen.getAllByTestId("code-copy");
    expect(buttons).toHaveLength(2);
    vi.useFakeTimers();
    await act(async () => void fireEvent.click(buttons[0]));
    expect(writeText).toHaveBeenCalledWith('def add(a, b):\n    return a + b  # "sum"\n');
    expect(buttons[0].textContent).toBe("Copied");
    expect(buttons[1].textContent).toBe("Copy");
    act(() => vi.advanceTimersByTime(COPIED_MS));
    expect(buttons[0].textContent).toBe("Copy");
    vi.useRealTimers();
    fireEvent.click(buttons[1]);
    await waitFor(() => expect(writeText).toHaveBeenLastCalledWith("plain text\n"));
  });
});
