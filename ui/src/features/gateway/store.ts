import { create } from "zustand";
import { commands, type AccessKey, type GatewayStatus, type NewAccessKey, type RateLimits_Serialize, type Scope } from "../../bindings";
import { unwrap } from "../../lib/api";

type GatewayState = {
  status: GatewayStatus | null;
  keys: AccessKey[];
  /** The secret of the key just created: shown once, forgotten when dismissed. */
  fresh: NewAccessKey | null;
  load: () => Promise<void>;
  configure: (enabled: boolean, port: number) => Promise<void>;
  /** The status the shell announced (gateway-changed): started or stopped from the tray, or from this window. */
  setStatus: (status: GatewayStatus) => void;
  createKey: (name: string, scopes: Scope[]) => Promise<void>;
  revokeKey: (id: string) => Promise<void>;
  /** Requests and tokens per minute (null: no limit); a running gateway applies them at once. */
  setLimits: (id: string, limits: RateLimits_Serialize) => Promise<void>;
  forgetFresh: () => void;
};

export const useGateway = create<GatewayState>((set) => ({
  status: null,
  keys: [],
  fresh: null,
  load: async () => {
    const [status, keys] = await Promise.all([unwrap(commands.gatewayStatus()), unwrap(commands.listAccessKeys())]);
    set({ status, keys });
  },
  configure: async (enabled, port) => set({ status: await unwrap(commands.configureGateway(enabled, port)) }),
  setStatus: (status) => set({ status }),
  createKey: async (name, scopes) => {
    const fresh = await unwrap(commands.createAccessKey(name, scopes));
    set((s) => ({ fresh, keys: [...s.keys, fresh.key] }));
  },
  revokeKey: async (id) => {
    await unwrap(commands.revokeAccessKey(id));
    set({ keys: await unwrap(commands.listAccessKeys()) });
  },
  setLimits: async (id, limits) => {
    await unwrap(commands.setAccessKeyLimits(id, limits));
    set({ keys: await unwrap(commands.listAccessKeys()) });
  },
  forgetFresh: () => set({ fresh: null }),
}));
