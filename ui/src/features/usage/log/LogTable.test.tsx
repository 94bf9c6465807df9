import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import i18n from "../../../i18n";
import { row } from "../testRows";
import { LogTable } from "./LogTable";

describe("the usage log's feedback column", () => {
  beforeAll(() => i18n.changeLanguage("en"));
  afterEach(cleanup);

  it("shows the rating the person gave the answer of a call, with the note in full on hover", () => {
    const rated = { ...row(1), feedback: { rating: "down" as const, note: "It invented an API" } };
    render(<LogTable rows={[rated, row(2)]} selectedTrace={null} onSelect={() => {}} onOpenChat={() => {}} />);
    const shown = screen.getAllByTestId("log-feedback");
    expect(shown).toHaveLength(1);
    expect(shown[0].dataset.rating).toBe("down");
    expect(shown[0].title).toBe("Bad answer: It invented an API");
    expect(shown[0].textContent).toBe("It invented an API");
    expect(screen.getAllByRole("columnheader").map((h) => h.textContent)).toContain("Feedback");
  });
});
