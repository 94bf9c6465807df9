// Chat state shared by the screen's parts; survives switching screens while an answer streams.
import { Channel } from "@tauri-apps/api/core";
import { create } from "zustand";
import { commands, type ChatTarget, type Conversation, type ConversationCost, type Feedback_Serialize, type TurnPlace } from "../../bindings";
import { toAppError, unwrap, type AppError } from "../../lib/api";
import type { QueuedChatEvent } from "../../data/queuedChatEvents";
import { applyChatEvent, awaitsQueue, mergeReloaded, type ChatEvent, type Message } from "./messages";
import { askAgainOf, branchBefore, targetOf } from "./retry";

type Streaming = { requestId: string; conversationId: string };
/** An answer the queue is sending: its queue item's id (what stop cancels), conversation and answer message. */
export type Drained = Streaming & { answerId: string };

type ChatState = {
  conversations: Conversation[];
  activeId: string | null;
  messages: Message[];
  /** The conversation `messages` are loaded for (null while they load): only then is an empty list known empty. */
  messagesOf: string | null;
  /** What the open conversation has cost so far (from the ledger). */
  cost: ConversationCost | null;
  /** The answer this pane's own send is streaming. */
  streaming: Streaming | null;
  /** Answers the offline queue is sending now, in any conversation. */
  drained: Drained[];
  error: AppError | null;
  /** The target each answer this window sent was asked of (a route is not kept on the saved answer). */
  sentTo: Record<string, ChatTarget>;
  loadConversations: () => Promise<void>;
  open: (id: string) => Promise<void>;
  /**
   * "New chat": the open conversation when it has no message yet, else one never used (no message, never renamed),
   * else a new one. The core creates conversations at once, so this is what keeps empty ones from piling up.
   */
  create: () => Promise<void>;
  /** Adds a conversation from an exported file's text and opens it; a bad file throws (nothing is added). */
  importConversation: (text: string) => Promise<void>;
  rename: (id: string, title: string) => Promise<void>;
  remove: (id: string) => Promise<void>;
  /** `later`: "Send later", held in the queue until the person says send now. `place`: next, or a new branch. */
  send: (paneId: string, target: ChatTarget, text: string, later?: boolean, place?: TurnPlace) => Promise<void>;
  /**
   * Asks an ended answer's question again (Retry on a failed one, Regenerate on any), to the same target (`fallback`
   * when that is unknown): the new answer is shown, the old one kept beside it.
   */
  regenerate: (paneId: string, answerId: string, fallback: ChatTarget | null) => Promise<void>;
  /** Sends an edited question as a new branch beside the original. */
  editAndSend: (paneId: string, questionId: string, text: string, fallback: ChatTarget | null) => Promise<void>;
  /** Shows the branch through one of a message's versions. */
  switchBranch: (messageId: string) => Promise<void>;
  /** Deletes a message and what follows it on its branch. */
  deleteMessage: (messageId: string) => Promise<void>;
  /** Rates an answer (null takes the rating back); the list shows what the core kept. */
  setFeedback: (messageId: string, feedback: Feedback_Serialize | null) => Promise<void>;
  /** Stops this pane's own answer, else the one the queue is sending in the open conversation. */
  stop: () => Promise<void>;
  /** Applies a chat event of a turn the queue sends (to the list, when its conversation is open). */
  applyQueued: (event: QueuedChatEvent) => void;
  /** Reloads the open conversation's messages if the queue may have changed them (one waits or is arriving). */
  reloadIfWaiting: () => Promise<void>;
  /** Reloads the open conversation's messages (after a queued question was edited or cancelled). */
  reload: () => Promise<void>;
  dismissError: () => void;
  loadCost: () => Promise<void>;
};

type Options = {
  /** After a turn of this pane ended: the shared conversation list may have a new title or order. */
  onTurnEnded?: () => void;
};

/** One pane's chat: the conversation it shows, its messages and answers. The main pane also keeps the list. */
export function createChatStore({ onTurnEnded }: Options = {}) {
  return create<ChatState>((set, get) => {
    const fail = (e: unknown) => set({ error: toAppError(e) });
    /** What the open conversation was last sent to. */
    const conversationTarget = () => get().conversations.find((c) => c.id === get().activeId)?.target ?? null;
    return {
      conversations: [],
      activeId: null,
      messages: [],
      messagesOf: null,
      cost: null,
      streaming: null,
      drained: [],
      error: null,
      sentTo: {},

      loadConversations: async () => {
        try {
          const conversations = await unwrap(commands.listConversations());
          set({ conversations });
          const { activeId } = get();
          if (!activeId && conversations.length) await get().open(conversations[0].id);
        } catch (e) {
          fail(e);
        }
      },

      open: async (id) => {
        try {
          set({ activeId: id, messages: [], messagesOf: null, cost: null });
          const messages = await unwrap(commands.listMessages(id));
          if (get().activeId === id) set({ messages, messagesOf: id });
          await get().loadCost();
        } catch (e) {
          fail(e);
        }
      },

      create: async () => {
        const isEmpty = (id: string | null) => {
          const s = get();
          return id !== null && s.activeId === id && s.messagesOf === id && s.messages.length === 0 && s.streaming?.conversationId !== id;
        };
        if (isEmpty(get().activeId)) return;
        const unused = get().conversations.find((c) => c.created_at === c.updated_at && c.id !== get().activeId);
        if (unused) {
          await get().open(unused.id);
          if (isEmpty(unused.id)) return;
        }
        try {
          const conversation = await unwrap(commands.createConversation(null));
          set((s) => ({ conversations: [conversation, ...s.conversations], activeId: conversation.id, messages: [], messagesOf: conversation.id, cost: null }));
        } catch (e) {
          fail(e);
        }
      },

      importConversation: async (text) => {
        const imported = await unwrap(commands.importConversation(text));
        // The core orders the list (an imported conversation keeps its dates).
        const conversations = await unwrap(commands.listConversations()).catch(() => [imported, ...get().conversations]);
        set({ conversations: conversations.some((c) => c.id === imported.id) ? conversations : [imported, ...conversations] });
        await get().open(imported.id);
      },

      rename: async (id, title) => {
        try {
          const renamed = await unwrap(commands.renameConversation(id, title));
          set((s) => ({ conversations: s.conversations.map((c) => (c.id === id ? renamed : c)) }));
        } catch (e) {
          fail(e);
        }
      },

      remove: async (id) => {
        try {
          await unwrap(commands.deleteConversation(id));
          const conversations = get().conversations.filter((c) => c.id !== id);
          set({ conversations });
          if (get().activeId === id) {
            set({ activeId: null, messages: [], messagesOf: null, cost: null });
            if (conversations.length) await get().open(conversations[0].id);
          }
        } catch (e) {
          fail(e);
        }
      },

      send: async (paneId, target, text, later = false, place = { kind: "next" }) => {
        let conversationId = get().activeId;
        if (!conversationId) {
          await get().create();
          conversationId = get().activeId;
        }
        if (!conversationId || get().streaming) return;
        // A new branch replaces what followed its question in the list until the saved branch is loaded.
        if (place.kind !== "next") set((s) => ({ messages: branchBefore(s.messages, place.question_id, place.kind === "regenerate") }));
        const requestId = crypto.randomUUID();
        const channel = new Channel<ChatEvent>();
        channel.onmessage = (event) => {
          if (event.kind === "started") set((s) => ({ sentTo: { ...s.sentTo, [event.assistant_message.id]: target } }));
          if (get().activeId === conversationId) set((s) => ({ messages: applyChatEvent(s.messages, event) }));
        };
        set({ streaming: { requestId, conversationId }, error: null });
        try {
          await unwrap(
            commands.sendMessage({ request_id: requestId, conversation_id: conversationId, pane_id: paneId, target, text, cache: null, later, place }, channel as never),
          );
        } catch (e) {
          fail(e);
        } finally {
          set({ streaming: null });
          // The first message titles a conversation and every message reorders the list.
          const conversations = await unwrap(commands.listConversations()).catch(() => get().conversations);
          set({ conversations });
          // The versions beside a new branch are known once it is saved.
          if (place.kind !== "next" && get().activeId === conversationId) await get().reload();
          await get().loadCost();
          onTurnEnded?.();
        }
      },

      regenerate: async (paneId, answerId, fallback) => {
        const again = askAgainOf(get().messages, answerId, get().sentTo, conversationTarget(), fallback);
        if (again) await get().send(paneId, again.target, "", false, { kind: "regenerate", question_id: again.questionId });
      },

      editAndSend: async (paneId, questionId, text, fallback) => {
        const { messages, sentTo } = get();
        const answer = messages[messages.findIndex((m) => m.id === questionId) + 1];
        const target = targetOf(answer?.role === "assistant" ? answer : undefined, sentTo, conversationTarget(), fallback);
        if (target) await get().send(paneId, target, text, false, { kind: "edit", question_id: questionId });
      },

      switchBranch: async (messageId) => {
        const id = get().activeId;
        try {
          const messages = await unwrap(commands.switchBranch(messageId));
          if (get().activeId === id) set({ messages });
        } catch (e) {
          fail(e);
        }
      },

      deleteMessage: async (messageId) => {
        const id = get().activeId;
        try {
          const messages = await unwrap(commands.deleteMessage(messageId));
          if (get().activeId === id) set({ messages });
          await get().loadCost();
        } catch (e) {
          fail(e);
        }
      },

      setFeedback: async (messageId, feedback) => {
        try {
          const kept = await unwrap(commands.setFeedback(messageId, feedback));
          set((s) => ({ messages: s.messages.map((m) => (m.id === messageId ? { ...m, feedback: kept } : m)) }));
        } catch (e) {
          fail(e);
        }
      },

      stop: async () => {
        const { streaming, drained, activeId } = get();
        const running = streaming ?? drained.find((d) => d.conversationId === activeId);
        if (running) await commands.cancelMessage(running.requestId);
      },

      applyQueued: ({ conversation_id, request_id, event }) => {
        const known = get().drained.find((d) => d.requestId === request_id);
        if (event.kind === "started" && !known) {
          const answerId = event.assistant_message.id;
          set((s) => ({ drained: [...s.drained, { requestId: request_id, conversationId: conversation_id, answerId }] }));
        }
        if (event.kind === "finished") set((s) => ({ drained: s.drained.filter((d) => d.requestId !== request_id) }));
        if (get().activeId !== conversation_id) return;
        const answerId = known?.answerId ?? (event.kind === "started" ? event.assistant_message.id : undefined);
        set((s) => ({ messages: applyChatEvent(s.messages, event, answerId) }));
        if (event.kind === "finished") void get().loadCost();
      },

      reloadIfWaiting: async () => {
        const { activeId, streaming, messages } = get();
        // This pane's own answer streams over its channel; a reload would only race it.
        if (!activeId || streaming?.conversationId === activeId || !awaitsQueue(messages)) return;
        await get().reload();
      },

      reload: async () => {
        const id = get().activeId;
        if (!id) return;
        try {
          const saved = await unwrap(commands.listMessages(id));
          if (get().activeId !== id) return;
          const messages = mergeReloaded(get().messages, saved);
          // An answer whose end was missed (its events lagged) is not being sent any more: stop can no longer reach it.
          const still = (d: Drained) => d.conversationId !== id || messages.some((m) => m.id === d.answerId && m.status === "streaming");
          set((s) => ({ messages, drained: s.drained.filter(still) }));
          await get().loadCost();
        } catch (e) {
          fail(e);
        }
      },

      dismissError: () => set({ error: null }),

      // A missing total is not worth an error banner over the chat; the answers still show their own cost.
      loadCost: async () => {
        const id = get().activeId;
        if (!id) return;
        const cost = await unwrap(commands.conversationCost(id)).catch(() => null);
        if (get().activeId === id) set({ cost });
      },
    };
  });
}

export type ChatStore = ReturnType<typeof createChatStore>;

/** The main pane, and the conversation list the sidebar shows. */
export const useChat = createChatStore();
