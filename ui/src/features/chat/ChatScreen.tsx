import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { toAppError, type AppError } from "../../lib/api";
import { shortcutLabel } from "../../lib/platform";
import { useRoutes } from "../../data/routes";
import { useNavigation } from "../../data/navigation";
import { useProviders } from "../../data/providers";
import { ChatPane } from "./ChatPane";
import { CompareComposer } from "./CompareComposer";
import { MAIN_PANE, MAX_PANES, nextTarget, useCompare } from "./compare";
import { ConversationList } from "./ConversationList";
import { PaneStoreContext } from "./paneStore";
import { useChat } from "./store";
import "./chat.css";

export function ChatScreen({ onOpenProviders }: { onOpenProviders: () => void }) {
  const { t } = useTranslation();
  const { activeId, conversations, loadConversations, open, create } = useChat();
  const { chatFocus, clearChatFocus, newChatAsked, clearNewChat, comparePaneAsked, clearComparePane } = useNavigation();
  const { panes, targets, error: compareError, sync, add, close, promote, dismissError } = useCompare();
  const [focusedMessage, setFocusedMessage] = useState<string | null>(null);
  const providers = useProviders((s) => s.providers);
  const loadRoutes = useRoutes((s) => s.load);
  const composer = useRef<HTMLTextAreaElement>(null);
  const focusComposer = useCallback(() => composer.current?.focus(), []);
  const clearFocus = useCallback(() => setFocusedMessage(null), []);

  // The list as the core has it, each time the screen shows; a new chat asked for meanwhile waits for it.
  const listed = useRef<Promise<void>>(Promise.resolve());
  useEffect(() => {
    listed.current = loadConversations();
  }, [loadConversations]);
  const [routesError, setRoutesError] = useState<AppError | null>(null);
  useEffect(() => void loadRoutes().catch((e) => setRoutesError(toAppError(e))), [loadRoutes]);

  // The conversation shown is a pane of a compare: the other panes show beside it.
  const group = conversations.find((c) => c.id === activeId)?.compare_group ?? null;
  useEffect(() => void sync(activeId), [activeId, group, sync]);

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

  const canAddPane = panes.length + 1 < MAX_PANES;
  const addPane = useCallback(() => {
    if (!canAddPane) return;
    const taken = [targets[MAIN_PANE] ?? null, ...panes.map((p) => targets[p.paneId] ?? null)];
    void listed.current.then(() => add(nextTarget(providers, taken))).then(focusComposer);
  }, [canAddPane, targets, panes, providers, add, focusComposer]);

  // Ctrl/⌘+\, from any screen: one more pane beside the others.
  useEffect(() => {
    if (!comparePaneAsked) return;
    clearComparePane();
    addPane();
  }, [comparePaneAsked, clearComparePane, addPane]);

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

  const addButton = (
    <button
      className="compare-add"
      onClick={addPane}
      disabled={!canAddPane}
      title={canAddPane ? t("chat.compare.addHint", { keys: shortcutLabel("\\") }) : t("chat.compare.full", { max: MAX_PANES })}
      data-testid="compare-add"
    >
      + {panes.length === 0 ? t("chat.compare.start") : t("chat.compare.add")}
    </button>
  );
  const banners = (
    <>
      {routesError && <ErrorBanner error={routesError} onDismiss={() => setRoutesError(null)} />}
      {compareError && <ErrorBanner error={compareError} onDismiss={dismissError} />}
    </>
  );

  // One tree in both modes, so the main pane keeps its state (its target) when a compare starts or ends.
  const comparing = panes.length > 0;
  return (
    <div className="chat">
      <ConversationList onNewChat={focusComposer} />
      <div className={`chat-main ${comparing ? "compare" : ""}`} data-testid={comparing ? "compare" : "single"} data-panes={panes.length + 1}>
        {comparing && (
          <div className="compare-bar">
            <span className="muted small">{t("chat.compare.explain")}</span>
            {addButton}
          </div>
        )}
        {banners}
        <div className="compare-panes" style={{ gridTemplateColumns: `repeat(${panes.length + 1}, minmax(0, 1fr))` }}>
          <ChatPane
            key={MAIN_PANE}
            paneId={MAIN_PANE}
            composerRef={comparing ? undefined : composer}
            compare={comparing ? { number: 1, onPromote: () => void promote(MAIN_PANE) } : undefined}
            focusedMessage={focusedMessage}
            onFocusCleared={clearFocus}
            toolbarEnd={comparing ? undefined : addButton}
          />
          {panes.map((p, i) => (
            <PaneStoreContext.Provider key={p.paneId} value={p.store}>
              <ChatPane paneId={p.paneId} compare={{ number: i + 2, onPromote: () => void promote(p.paneId), onClose: () => void close(p.paneId) }} />
            </PaneStoreContext.Provider>
          ))}
        </div>
        {comparing && <CompareComposer inputRef={composer} />}
      </div>
    </div>
  );
}
