import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { toAppError, type AppError } from "../../lib/api";
import { useRoutes } from "../../data/routes";
import { useNavigation } from "../../data/navigation";
import { useProviders } from "../../data/providers";
import { useSettings } from "../../data/settings";
import { Composer } from "./Composer";
import { ConversationExport } from "./ConversationExport";
import { ConversationList } from "./ConversationList";
import { conversationTotal } from "./cost";
import { MessageList } from "./MessageList";
import { preferredModel } from "./messages";
import { useEditing } from "./editing";
import { useChat } from "./store";
import { useEscapeKey } from "./useEscapeKey";
import { useFollowBottom } from "./useFollowBottom";
import "./chat.css";
import { chatTarget, choiceOf, choiceValue, initialChoice, parseChoice, remembered, type PaneChoice } from "./target";
import { useMessageActions } from "./useMessageActions";

/** This window has one chat pane; the ledger names calls from it `chat:main`. */
const PANE_ID = "main";

export function ChatScreen({ onOpenProviders }: { onOpenProviders: () => void }) {
  const { t } = useTranslation();
  const { messages, streaming, drained, activeId, conversations, error, send, stop, dismissError, loadConversations, open, create, cost } = useChat();
  const { chatFocus, clearChatFocus, newChatAsked, clearNewChat } = useNavigation();
  const edit = useEditing((s) => s.edit);
  const [focusedMessage, setFocusedMessage] = useState<string | null>(null);
  const providers = useProviders((s) => s.providers);
  const { routes, loaded: routesLoaded, load: loadRoutes } = useRoutes();
  const { settings, update } = useSettings();
  const [choice, setChoice] = useState<PaneChoice | null>(null);
  const [model, setModel] = useState("");
  const list = useRef<HTMLDivElement>(null);
  const follow = useFollowBottom(list);
  const composer = useRef<HTMLTextAreaElement>(null);
  const focusComposer = useCallback(() => composer.current?.focus(), []);

  // The list as the core has it, each time the screen shows; a new chat asked for meanwhile waits for it.
  const listed = useRef<Promise<void>>(Promise.resolve());
  useEffect(() => {
    listed.current = loadConversations();
  }, [loadConversations]);
  const [routesError, setRoutesError] = useState<AppError | null>(null);
  useEffect(() => void loadRoutes().catch((e) => setRoutesError(toAppError(e))), [loadRoutes]);

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
  const remembersTarget = conversations.find((c) => c.id === activeId)?.target ?? null;
  const rememberedJson = JSON.stringify(remembersTarget);
  useEffect(() => {
    const back = choiceOf(JSON.parse(rememberedJson), routes, providers);
    if (!back) return;
    setChoice(back.choice);
    setModel(back.model);
    // Only when another conversation opens (or learns its target), not at every change of the lists.
  }, [activeId, rememberedJson, routesLoaded, providers.length]);

  // A link from elsewhere (the usage log) opens its conversation and points at the answer.
  useEffect(() => {
    if (!chatFocus) return;
    clearChatFocus();
    setFocusedMessage(chatFocus.messageId);
    void open(chatFocus.conversationId);
  }, [chatFocus, clearChatFocus, open]);

  // Ctrl/⌘+N, from any screen: a new chat, with the cursor in the composer.
  useEffect(() => {
    if (!newChatAsked) return;
    clearNewChat();
    void listed.current.then(create).then(focusComposer);
  }, [newChatAsked, clearNewChat, create, focusComposer]);

  // An editor left open does not follow into another conversation.
  useEffect(() => edit(null), [activeId, edit]);

  const total = conversationTotal(cost);

  const provider = useMemo(
    () => (choice?.kind === "provider" ? providers.find((p) => p.id === choice.providerId) : undefined),
    [providers, choice],
  );
  const target = chatTarget(choice, model);
  // Stop is offered for this pane's own answer, and for one the queue is sending into the open conversation. A
  // message merely waiting in the queue does not hold the composer: a new one queues behind it.
  const busy = streaming !== null || drained.some((d) => d.conversationId === activeId);
  const stopAnswer = useCallback(() => {
    void stop();
    focusComposer();
  }, [stop, focusComposer]);
  useEscapeKey(busy, stopAnswer);
  const beforeSend = useCallback(() => {
    setFocusedMessage(null);
    follow.toBottom();
  }, [follow]);
  const [actionsFor, confirmDialog] = useMessageActions({ paneId: PANE_ID, busy, target, beforeSend });
  // ↑ in the empty composer: the last question of the branch shown opens in its editor (not while an answer streams).
  const editLast = useCallback(() => {
    const last = [...messages].reverse().find((m) => m.role === "user");
    if (busy || !last) return false;
    edit(last.id);
    return true;
  }, [busy, messages, edit]);

  if (providers.length === 0) {
    return (
      <div className="empty-state" data-testid="need-provider">
        <p>{t("chat.needProvider")}</p>
        <button className="primary" onClick={onOpenProviders}>
          {t("chat.goToProviders")}
        </button>
      </div>
    );
  }

  return (
    <div className="chat">
      <ConversationList onNewChat={focusComposer} />
      <section className="pane">
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
              <input data-testid="model-input" list="model-options" value={model} onChange={(e) => setModel(e.target.value)} />
              <datalist id="model-options">
                {provider?.models.map((m) => <option key={m} value={m} />)}
              </datalist>
            </label>
          ) : (
            <span className="muted" data-testid="route-hint">
              {t("chat.routeHint")}
            </span>
          )}
          {activeId && <ConversationExport key={activeId} conversationId={activeId} />}
        </div>
        <MessageList
          messages={messages}
          activeId={activeId}
          focusedMessage={focusedMessage}
          listRef={list}
          follow={follow}
          actionsFor={actionsFor}
        />
        {confirmDialog}
        {total && (
          <div className="conversation-cost" data-testid="conversation-cost" title={t("chat.cost.conversationHint")}>
            {t("chat.cost.conversation", { total: total.total })}
            {total.unpriced > 0 && ` · ${t("chat.cost.unpricedCount", { count: total.unpriced })}`}
          </div>
        )}
        {routesError && <ErrorBanner error={routesError} onDismiss={() => setRoutesError(null)} />}
        {error && <ErrorBanner error={error} onDismiss={dismissError} />}
        <Composer
          model={target ? (target.kind === "route" ? target.name : target.model) : ""}
          busy={busy}
          disabled={!target}
          inputRef={composer}
          onStop={stopAnswer}
          onEditLast={editLast}
          onSend={(text, later) => {
            if (!target) return;
            setFocusedMessage(null);
            follow.toBottom();
            void update(remembered(target));
            void send(PANE_ID, target, text, later);
          }}
        />
      </section>
    </div>
  );
}
