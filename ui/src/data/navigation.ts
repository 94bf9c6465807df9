// Which screen is open, and what another screen asked the chat to show, so features never import each other.
import { create } from "zustand";

export type Screen = "chat" | "workflows" | "queue" | "usage" | "providers" | "settings";
export const SCREENS: Screen[] = ["chat", "workflows", "queue", "usage", "providers", "settings"];

export type ChatFocus = { conversationId: string; messageId: string | null };

type NavigationState = {
  screen: Screen;
  /** Set by a link to a chat (a usage log row, a queued message); the chat opens it and clears it. */
  chatFocus: ChatFocus | null;
  /** Set by Ctrl/⌘+N on any screen; the chat starts a new conversation and clears it. */
  newChatAsked: boolean;
  /** Set by Ctrl/⌘+\ on any screen; the chat opens a compare pane and clears it. */
  comparePaneAsked: boolean;
  go: (screen: Screen) => void;
  openChat: (conversationId: string, messageId: string | null) => void;
  clearChatFocus: () => void;
  askNewChat: () => void;
  clearNewChat: () => void;
  askComparePane: () => void;
  clearComparePane: () => void;
};

export const useNavigation = create<NavigationState>((set) => ({
  screen: "chat",
  chatFocus: null,
  newChatAsked: false,
  comparePaneAsked: false,
  go: (screen) => set({ screen }),
  openChat: (conversationId, messageId) => set({ screen: "chat", chatFocus: { conversationId, messageId } }),
  clearChatFocus: () => set({ chatFocus: null }),
  askNewChat: () => set({ screen: "chat", newChatAsked: true }),
  clearNewChat: () => set({ newChatAsked: false }),
  askComparePane: () => set({ screen: "chat", comparePaneAsked: true }),
  clearComparePane: () => set({ comparePaneAsked: false }),
}));
