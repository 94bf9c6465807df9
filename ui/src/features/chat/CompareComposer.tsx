// The compare's one composer: a question goes to every pane at once (each answers from its own history, with its
// own target) or to one of them; Stop and Esc stop every pane's answer.
import { useCallback, type RefObject } from "react";
import { useTranslation } from "react-i18next";
import { Composer } from "./Composer";
import { MAIN_PANE, recipients, useCompare } from "./compare";
import { useChat } from "./store";
import { useEscapeKey } from "./useEscapeKey";

const labelOf = (target: { kind: string; name?: string; model?: string } | null | undefined) =>
  target ? (target.kind === "route" ? target.name : target.model) : undefined;

export function CompareComposer({ inputRef }: { inputRef: RefObject<HTMLTextAreaElement | null> }) {
  const { t } = useTranslation();
  const { panes, targets, busy, sendTo, setSendTo } = useCompare();
  const all = [{ paneId: MAIN_PANE, store: useChat }, ...panes];
  const chosen = recipients(sendTo, all, targets);
  const anyBusy = all.some((p) => busy[p.paneId]);
  const chosenBusy = sendTo === "all" ? anyBusy : Boolean(busy[sendTo]);

  const stopAll = useCallback(() => {
    for (const p of [{ store: useChat }, ...useCompare.getState().panes]) void p.store.getState().stop();
    inputRef.current?.focus();
  }, [inputRef]);
  useEscapeKey(anyBusy, stopAll);

  return (
    <div className="compare-composer">
      <label className="compare-send-to">
        {t("chat.compare.sendTo")}
        <select value={sendTo} onChange={(e) => setSendTo(e.target.value)} data-testid="compare-send-to">
          <option value="all">{t("chat.compare.allPanes", { count: all.length })}</option>
          {all.map((p, i) => (
            <option key={p.paneId} value={p.paneId}>
              {t("chat.compare.pane", { number: i + 1 })}
              {labelOf(targets[p.paneId]) ? ` · ${labelOf(targets[p.paneId])}` : ""}
            </option>
          ))}
        </select>
      </label>
      <Composer
        model={sendTo === "all" ? t("chat.compare.allPanes", { count: all.length }) : (labelOf(targets[sendTo]) ?? "")}
        busy={chosenBusy}
        disabled={chosen.length === 0}
        inputRef={inputRef}
        onStop={stopAll}
        onSend={(text, later) => {
          for (const p of chosen) void p.store.getState().send(p.paneId, p.target, text, later);
        }}
      />
    </div>
  );
}
