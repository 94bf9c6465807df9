// The chat store of the pane a component is drawn in: the main pane's by default, a compare pane's inside it.
import { createContext, useContext } from "react";
import { useStore } from "zustand";
import { useChat, type ChatStore } from "./store";

export const PaneStoreContext = createContext<ChatStore>(useChat);

/** The store of the pane this component is in. */
export const usePaneStore = () => useContext(PaneStoreContext);

/** The whole state of the pane this component is in (re-renders on every change, like `useChat()`). */
export function usePaneChat() {
  return useStore(usePaneStore());
}
