import { create } from "zustand";
import { commands, type Preset, type ProviderInput_Deserialize, type ProviderRecord_Serialize } from "../bindings";
import { unwrap } from "../lib/api";

export type Provider = ProviderRecord_Serialize;

type ProvidersState = {
  presets: Preset[];
  providers: Provider[];
  loaded: boolean;
  load: () => Promise<void>;
  save: (input: ProviderInput_Deserialize) => Promise<Provider>;
  remove: (id: string) => Promise<void>;
  refreshModels: (id: string) => Promise<string[]>;
};

export const useProviders = create<ProvidersState>((set, get) => ({
  presets: [],
  providers: [],
  loaded: false,
  load: async () => {
    const [presets, providers] = await Promise.all([commands.listPresets(), unwrap(commands.listProviders())]);
    set({ presets, providers, loaded: true });
  },
  save: async (input) => {
    const saved = await unwrap(commands.saveProvider(input));
    const exists = get().providers.some((p) => p.id === saved.id);
    set((s) => ({ providers: exists ? s.providers.map((p) => (p.id === saved.id ? saved : p)) : [...s.providers, saved] }));
    return saved;
  },
  remove: async (id) => {
    await unwrap(commands.deleteProvider(id));
    set((s) => ({ providers: s.providers.filter((p) => p.id !== id) }));
  },
  refreshModels: async (id) => {
    const models = await unwrap(commands.refreshModels(id));
    set((s) => ({ providers: s.providers.map((p) => (p.id === id ? { ...p, models } : p)) }));
    return models;
  },
}));
