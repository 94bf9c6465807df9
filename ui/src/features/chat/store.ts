// Chat state shared by the screen's parts; survives switching screens while an answer streams.
import { Channel } from "@tauri-apps/api/core";
import { create } from "zustand";
import { commands, type ChatTarget, type Conversation, type ConversationCost } from "../../bindings";
import { toAppError, unwrap, type AppError } from "../../lib/api";
import { applyChatEvent, type ChatEvent, type Message } from "./messages";

type Streaming = { requestId: string; conversationId: string };

type ChatState = {
  conversations: Conversation[];
  activeId: string | null;
  messages: Message[];
  /** What the open conversation has cost so far (from the ledger). */
  cost: ConversationCost | null;
  streaming: Streaming | null;
  error: AppError | null;
  loadConversations: () => Promise<void>;
  open: (id: string) => Promise<void>;
  create: () => Promise<void>;
  rename: (id: string, title: string) => Promise<void>;
  remove: (id: string) => Promise<void>;
  send: (paneId: string, target: ChatTarget, text: string) => Promise<void>;
  stop: () => Promise<void>;
  dismissError: () => void;
  loadCost: () => Promise<void>;
};

export const useChat = create<ChatState>((set, get) => {
  const fail = (e: unknown) => set({ error: toAppError(e) });
  return {
    conversations: [],
    activeId: null,
    messages: [],
    cost: null,
    streaming: null,
    error: null,

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
        set({ activeId: id, messages: [], cost: null });
        const messages = await unwrap(commands.listMessages(id));
        if (get().activeId === id) set({ messages });
        await get().loadCost();
      } catch (e) {
        fail(e);
      }
    },

    create: async () => {
      try {
        const conversation = await unwrap(commands.createConversation(null));
        set((s) => ({ conversations: [conversation, ...s.conversations], activeId: conversation.id, messages: [], cost: null }));
      } catch (e) {
        fail(e);
      }
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
          set({ activeId: null, messages: [], cost: null });
          if (conversations.length) await get().open(conversations[0].id);
        }
      } catch (e) {
        fail(e);
      }
    },

    send: async (paneId, target, text) => {
      let conversationId = get().activeId;
      if (!conversationId) {
        await get().create();
        conversationId = get().activeId;
      }
      if (!conversationId || get().streaming) return;
      const requestId = crypto.randomUUID();
      const channel = new Channel<ChatEvent>();
      channel.onmessage = (event) => {
        if (get().activeId === conversationId) set((s) => ({ messages: applyChatEvent(s.messages, event) }));
      };
      set({ streaming: { requestId, conversationId }, error: null });
      try {
        await unwrap(
          commands.sendMessage({ request_id: requestId, conversation_id: conversationId, pane_id: paneId, target, text, cache: null }, channel as never),
        );
      } catch (e) {
        fail(e);
      } finally {
        set({ streaming: null });
        // The first message titles a conversation and every message reorders the list.
        const conversations = await unwrap(commands.listConversations()).catch(() => get().conversations);
        set({ conversations });
        await get().loadCost();
      }
    },

    stop: async () => {
      const streaming = get().streaming;
      if (streaming) await commands.cancelMessage(streaming.requestId);
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
