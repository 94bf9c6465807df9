// Saved routes, shared by the route editor and the chat pane's target picker.
import { create } from "zustand";
import { commands } from "../bindings";
import { unwrap } from "../lib/api";
import type { Route_Serialize as Route } from "../bindings";

type RoutesState = {
  routes: Route[];
  /** True once a load finished, even a failed one: the chat pane waits for it before preselecting a target. */
  loaded: boolean;
  load: () => Promise<void>;
};

export const useRoutes = create<RoutesState>((set) => ({
  routes: [],
  loaded: false,
  load: async () => {
    try {
      set({ routes: await unwrap(commands.listRoutes()), loaded: true });
    } catch (e) {
      set({ loaded: true });
      throw e;
    }
  },
}));
