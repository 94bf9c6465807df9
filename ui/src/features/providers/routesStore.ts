// Saved routes, shared by the route editor and the chat pane's target picker.
import { create } from "zustand";
import { commands, type Route } from "../../bindings";
import { unwrap } from "../../lib/api";

type RoutesState = {
  routes: Route[];
  loaded: boolean;
  load: () => Promise<void>;
};

export const useRoutes = create<RoutesState>((set) => ({
  routes: [],
  loaded: false,
  load: async () => set({ routes: await unwrap(commands.listRoutes()), loaded: true }),
}));
