// Names of the workflow secrets kept in the keychain (an HTTP header may name one); values are never read back.
import { create } from "zustand";
import { workflowApi } from "../../data/workflows";

type SecretsState = {
  names: string[];
  loaded: boolean;
  load: () => Promise<void>;
  put: (name: string, value: string) => Promise<void>;
  remove: (name: string) => Promise<void>;
};

export const useSecrets = create<SecretsState>((set, get) => ({
  names: [],
  loaded: false,
  load: async () => {
    try {
      set({ names: (await workflowApi.listWorkflowSecrets()).sort(), loaded: true });
    } catch (e) {
      set({ loaded: true });
      throw e;
    }
  },
  put: async (name, value) => {
    await workflowApi.setWorkflowSecret(name, value);
    if (!get().names.includes(name)) set((s) => ({ names: [...s.names, name].sort() }));
  },
  remove: async (name) => {
    await workflowApi.deleteWorkflowSecret(name);
    set((s) => ({ names: s.names.filter((n) => n !== name) }));
  },
}));
