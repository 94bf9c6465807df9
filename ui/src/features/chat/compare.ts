// Side-by-side compare: the panes beside the main one. Each is its own conversation (the core keeps them in one
// compare group) with its own chat store and target; one composer sends to all of them or to one.
import { create } from "zustand";
import { commands, type ChatTarget } from "../../bindings";
import { toAppError, unwrap, type AppError } from "../../lib/api";
import { preferredModel } from "./messages";
import { createChatStore, useChat, type ChatStore } from "./store";

/** The main pane's id: the ledger names its calls `chat:main`. */
export const MAIN_PANE = "main";
/** As many panes as the core keeps in one compare. */
export const MAX_PANES = 4;

export type ComparePane = { paneId: string; conversationId: string; store: ChatStore };
/** Where the composer sends: every pane, or the one with this id. */
export type SendTo = "all" | string;

type CompareState = {
  /** The panes beside the main one, in the order they were opened. */
  panes: ComparePane[];
  /** What each pane sends to (its picker's choice), by pane id. */
  targets: Record<string, ChatTarget | null>;
  /** Whether each pane has an answer arriving, by pane id. */
  busy: Record<string, boolean>;
  sendTo: SendTo;
  error: AppError | null;
  /** Shows the panes of the compare the main pane's conversation is in (none when it is on its own). */
  sync: (activeId: string | null) => Promise<void>;
  /** Opens a pane beside the others, starting from the main pane's history, sent to `target`. */
  add: (target: ChatTarget | null) => Promise<void>;
  /** Closes a pane beside the main one; its conversation stays in the list. */
  close: (paneId: string) => Promise<void>;
  /** "Continue alone": the compare ends and this pane's conversation goes on in the main pane. */
  promote: (paneId: string) => Promise<void>;
  setTarget: (paneId: string, target: ChatTarget | null) => void;
  setBusy: (paneId: string, busy: boolean) => void;
  setSendTo: (to: SendTo) => void;
  dismissError: () => void;
};

/** A pane's id in the ledger's origin (`chat:<id>`): stable for its conversation. */
export const paneIdOf = (conversationId: string) => `compare-${conversationId.slice(0, 8)}`;

function newPane(conversationId: string): ComparePane {
  // A turn in a pane retitles and reorders the shared list, which the main store holds.
  const store = createChatStore({ onTurnEnded: () => void useChat.getState().loadConversations() });
  void store.getState().open(conversationId);
  return { paneId: paneIdOf(conversationId), conversationId, store };
}

/** Every pane's store, the main one first. */
export function paneStores(): ChatStore[] {
  return [useChat, ...useCompare.getState().panes.map((p) => p.store)];
}

export const useCompare = create<CompareState>((set, get) => {
  const fail = (e: unknown) => set({ error: toAppError(e) });
  const refresh = async () => {
    await useChat.getState().loadConversations();
    await get().sync(useChat.getState().activeId);
  };
  return {
    panes: [],
    targets: {},
    busy: {},
    sendTo: "all",
    error: null,

    sync: async (activeId) => {
      const conversation = useChat.getState().conversations.find((c) => c.id === activeId);
      if (!activeId || !conversation?.compare_group) {
        if (get().panes.length) set({ panes: [], sendTo: "all" });
        return;
      }
      try {
        const members = await unwrap(commands.comparePanes(activeId));
        if (useChat.getState().activeId !== activeId) return;
        const existing = get().panes;
        const panes = members.filter((m) => m.id !== activeId).map((m) => existing.find((p) => p.conversationId === m.id) ?? newPane(m.id));
        const { sendTo } = get();
        const stillThere = sendTo === "all" || sendTo === MAIN_PANE || panes.some((p) => p.paneId === sendTo);
        set({ panes, sendTo: stillThere ? sendTo : "all" });
      } catch (e) {
        fail(e);
      }
    },

    add: async (target) => {
      let id = useChat.getState().activeId;
      if (!id) {
        await useChat.getState().create();
        id = useChat.getState().activeId;
      }
      if (!id) return;
      try {
        await unwrap(commands.addComparePane(id, target));
        await refresh();
      } catch (e) {
        fail(e);
      }
    },

    close: async (paneId) => {
      const pane = get().panes.find((p) => p.paneId === paneId);
      if (!pane) return;
      try {
        await unwrap(commands.leaveCompare(pane.conversationId));
        set((s) => ({ panes: s.panes.filter((p) => p.paneId !== paneId) }));
        await refresh();
      } catch (e) {
        fail(e);
      }
    },

    promote: async (paneId) => {
      const main = useChat.getState();
      const conversationId = paneId === MAIN_PANE ? main.activeId : get().panes.find((p) => p.paneId === paneId)?.conversationId;
      if (!conversationId) return;
      try {
        await unwrap(commands.endCompare(conversationId));
        set({ panes: [], sendTo: "all" });
        await main.loadConversations();
        if (conversationId !== useChat.getState().activeId) await useChat.getState().open(conversationId);
      } catch (e) {
        fail(e);
      }
    },

    setTarget: (paneId, target) => {
      if (JSON.stringify(get().targets[paneId] ?? null) !== JSON.stringify(target)) set((s) => ({ targets: { ...s.targets, [paneId]: target } }));
    },
    setBusy: (paneId, busy) => {
      if ((get().busy[paneId] ?? false) !== busy) set((s) => ({ busy: { ...s.busy, [paneId]: busy } }));
    },
    setSendTo: (sendTo) => set({ sendTo }),
    dismissError: () => set({ error: null }),
  };
});

type ProviderLike = { id: string; default_model: string | null; models: string[] };

/** What a new pane sends to: a provider no pane uses yet (a compare is of different providers), else the first. */
export function nextTarget(providers: ProviderLike[], taken: (ChatTarget | null)[]): ChatTarget | null {
  const used = new Set(taken.flatMap((t) => (t?.kind === "model" ? [t.provider_id] : [])));
  const provider = providers.find((p) => !used.has(p.id) && preferredModel(p, { providerId: null, model: null })) ?? providers[0];
  const model = preferredModel(provider, { providerId: null, model: null });
  return provider && model ? { kind: "model", provider_id: provider.id, model } : null;
}

/** The panes the composer sends to, with their targets; a pane without a target is left out. */
export function recipients(sendTo: SendTo, panes: { paneId: string; store: ChatStore }[], targets: Record<string, ChatTarget | null>) {
  return panes
    .filter((p) => sendTo === "all" || sendTo === p.paneId)
    .flatMap((p) => {
      const target = targets[p.paneId];
      return target ? [{ ...p, target }] : [];
    });
}
