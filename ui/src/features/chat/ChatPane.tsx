// One chat pane: what it sends to, the conversation it shows, what it cost. Alone it has its own composer; in a
// compare it has a header (its place, its last answer's figures, stop, continue alone, close) and the screen's
// composer sends to it.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from "react";
import { useTranslation } from "react-i18next";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { useRoutes } from "../../data/routes";
import { useProviders } from "../../data/providers";
import { useSettings } from "../../data/settings";
import { useCompare } from "./compare";
import { Composer } from "./Composer";
import { ConversationExport } from "./ConversationExport";
import { conversationTotal } from "./cost";
import { MessageList } from "./MessageList";
import { preferredModel } from "./messages";
import { PaneStats } from "./PaneStats";
import { useEditing } from "./editing";
import { usePaneChat } from "./paneStore";
import { useChat } from "./store";
import { useEscapeKey } from "./useEscapeKey";
import { useFollowBottom } from "./useFollowBottom";
import { chatTarget, choiceOf, choiceValue, initialChoice, parseChoice, remembered, type PaneChoice } from "./target";
import { useMessageActions } from "./useMessageActions";

type Props = {
  paneId: string;
  /** Alone: the pane's own composer, with this text box (focus goes back to it after Stop and New chat). */
  composerRef?: RefObject<HTMLTextAreaElement | null>;
  /** In a compare: the pane's number and what its header offers (no close on the main pane). */
  compare?: { number: number; onPromote: () => void; onClose?: () => void };
  /** An answer to point at (a link from the usage log or search). */
  focusedMessage?: string | null;
  onFocusCleared?: () => void;
  /** At the toolbar's end (alone: the button that starts a compare). */
  toolbarEnd?: ReactNode;
};

export function ChatPane({ paneId, composerRef, compare, focusedMessage = null, onFocusCleared, toolbarEnd }: Props) {
  const { t } = useTranslation();
  const { messages, streaming, drained, activeId, error, send, stop, dismissError, cost } = usePaneChat();
  // The shared list (the main store's) knows each conversation's last target.
  const conversations = useChat((s) => s.conversations);
  const edit = useEditing((s) => s.edit);
  const providers = useProviders((s) => s.providers);
  const { routes, loaded: routesLoaded } = useRoutes();
  const { settings, update } = useSettings();
  const setPaneTarget = useCompare((s) => s.setTarget);
  const setPaneBusy = useCompare((s) => s.setBusy);
  const [choice, setChoice] = useState<PaneChoice | null>(null);
  const [model, setModel] = useState("");
  const list = useRef<HTMLDivElement>(null);
  const follow = useFollowBottom(list);
  const focusComposer = useCallback(() => composerRef?.current?.focus(), [composerRef]);

  // Preselect what was used last, once routes and settings are known; again if the chosen one disappears.
  useEffect(() => {
    if (!routesLoaded || !settings) return;
    const stillThere =
      choice &&
      (choice.kind === "route" ? routes.some((r) => r.name === choice.name) : providers.some((p) => p.id === choice.providerId));
    if (stillThere) return;
    const initial = initialChoice(routes, providers, settings);
    if (!initial) return;
    setChoice(initial.choice);
    setModel(initial.model);
  }, [providers, routes, routesLoaded, settings, choice]);

  // A conversation opens with what it was last sent to, while that still exists.
  const rememberedJson = JSON.stringify(conversations.find((c) => c.id === activeId)?.target ?? null);
  useEffect(() => {
    const back = choiceOf(JSON.parse(rememberedJson), routes, providers);
    if (!back) return;
    setChoice(back.choice);
    setModel(back.model);
    // Only when another conversation opens (or learns its target), not at every change of the lists.
  }, [activeId, rememberedJson, routesLoaded, providers.length]);

  // An editor left open does not follow into another conversation.
  useEffect(() => edit(null), [activeId, edit]);

  const provider = useMemo(
    () => (choice?.kind === "provider" ? providers.find((p) => p.id === choice.providerId) : undefined),
    [providers, choice],
  );
  const target = chatTarget(choice, model);
  const targetJson = JSON.stringify(target);
  useEffect(() => setPaneTarget(paneId, JSON.parse(targetJson)), [paneId, targetJson, setPaneTarget]);

  // A turn sent from the compare's composer: this pane follows its answer like its own.
  const toBottom = follow.toBottom;
  useEffect(() => {
    if (streaming) toBottom();
  }, [streaming, toBottom]);

  // Stop is offered for this pane's own answer, and for one the queue is sending into its conversation. A message
  // merely waiting in the queue does not hold the composer: a new one queues behind it.
  const busy = streaming !== null || drained.some((d) => d.conversationId === activeId);
  useEffect(() => setPaneBusy(paneId, busy), [paneId, busy, setPaneBusy]);
  const stopAnswer = useCallback(() => {
    void stop();
    focusComposer();
  }, [stop, focusComposer]);
  // In a compare, Esc stops every pane (the screen's).
  useEscapeKey(busy && !compare, stopAnswer);
  const beforeSend = useCallback(() => {
    onFocusCleared?.();
    follow.toBottom();
  }, [follow, onFocusCleared]);
  const [actionsFor, confirmDialog] = useMessageActions({ paneId, busy, target, beforeSend });
  // ↑ in the empty composer: the last question of the branch shown opens in its editor (not while an answer streams).
  const editLast = useCallback(() => {
    const last = [...messages].reverse().find((m) => m.role === "user");
    if (busy || !last) return false;
    edit(last.id);
    return true;
  }, [busy, messages, edit]);
  const total = conversationTotal(cost);

  return (
    <section className={`pane ${compare ? "compare-pane" : ""}`} data-testid={compare ? "compare-pane" : "chat-pane"} data-pane={paneId}>
      {compare && (
        <header className="compare-pane-header" data-testid="compare-pane-header">
          <strong className="compare-pane-number">{t("chat.compare.pane", { number: compare.number })}</strong>
          <PaneStats messages={messages} />
          <span className="compare-pane-actions">
            {busy && (
              <button className="link small" onClick={stopAnswer} data-testid="compare-pane-stop">
                {t("chat.stop")}
              </button>
            )}
            <button className="link small" onClick={compare.onPromote} disabled={busy} title={t("chat.compare.promoteHint")} data-testid="compare-promote">
              {t("chat.compare.promote")}
            </button>
            {compare.onClose && (
              <button className="icon" onClick={compare.onClose} disabled={busy} title={t("chat.compare.close")} aria-label={t("chat.compare.close")} data-testid="compare-close">
                ×
              </button>
            )}
          </span>
        </header>
      )}
      <div className="pane-toolbar">
        <label>
          {t("chat.sendTo")}
          <select
            data-testid="target-select"
            value={choice ? choiceValue(choice) : ""}
            onChange={(e) => {
              const next = parseChoice(e.target.value);
              setChoice(next);
              if (next?.kind === "provider") {
                setModel(preferredModel(providers.find((p) => p.id === next.providerId), { providerId: null, model: null }));
              }
            }}
          >
            {routes.length > 0 && (
              <optgroup label={t("chat.routes")}>
                {routes.map((r) => (
                  <option key={r.name} value={choiceValue({ kind: "route", name: r.name })}>
                    {r.name}
                  </option>
                ))}
              </optgroup>
            )}
            <optgroup label={t("chat.providers")}>
              {providers.map((p) => (
                <option key={p.id} value={choiceValue({ kind: "provider", providerId: p.id })}>
                  {p.name}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        {choice?.kind === "provider" ? (
          <label>
            {t("chat.model")}
            <input data-testid="model-input" list={`model-options-${paneId}`} value={model} onChange={(e) => setModel(e.target.value)} />
            <datalist id={`model-options-${paneId}`}>
              {provider?.models.map((m) => <option key={m} value={m} />)}
            </datalist>
          </label>
        ) : (
          <span className="muted" data-testid="route-hint">
            {t("chat.routeHint")}
          </span>
        )}
        {activeId && !compare && <ConversationExport key={activeId} conversationId={activeId} />}
        {toolbarEnd}
      </div>
      <MessageList messages={messages} activeId={activeId} focusedMessage={focusedMessage} listRef={list} follow={follow} actionsFor={actionsFor} />
      {confirmDialog}
      {total && (
        <div className="conversation-cost" data-testid="conversation-cost" title={t("chat.cost.conversationHint")}>
          {t("chat.cost.conversation", { total: total.total })}
          {total.unpriced > 0 && ` · ${t("chat.cost.unpricedCount", { count: total.unpriced })}`}
        </div>
      )}
      {error && <ErrorBanner error={error} onDismiss={dismissError} />}
      {!compare && (
        <Composer
          model={target ? (target.kind === "route" ? target.name : target.model) : ""}
          busy={busy}
          disabled={!target}
          inputRef={composerRef}
          onStop={stopAnswer}
          onEditLast={editLast}
          onSend={(text, later) => {
            if (!target) return;
            onFocusCleared?.();
            follow.toBottom();
            void update(remembered(target));
            void send(paneId, target, text, later);
          }}
        />
      )}
    </section>
  );
}
