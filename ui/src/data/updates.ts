// New versions of Switchyard, as the shell reports them: the status every step answers and every update-changed
// event carries, and whether the update dialog is showing. App-wide: the dialog opens on any screen.
import { create } from "zustand";
import { commands, events, type UpdateInfo_Serialize, type UpdateMode, type UpdateStatus_Serialize } from "../bindings";
import { unwrap } from "../lib/api";
import { listen, type Source } from "../lib/listen";
import { useSettings } from "./settings";

export type UpdateStatus = UpdateStatus_Serialize;
export type UpdateInfo = UpdateInfo_Serialize;

export const UPDATE_MODES: readonly UpdateMode[] = ["off", "notify", "install_on_restart"];

type UpdatesState = {
  status: UpdateStatus;
  /** Whether the update dialog is showing. */
  open: boolean;
  /** The version whose dialog the person closed: it opens again only for another version. */
  dismissed: string | null;
  /** "Check now" was pressed: what it finds is shown whatever the mode. */
  asked: boolean;
  load: () => Promise<void>;
  /** A new status, from a command's answer or an event. */
  receive: (status: UpdateStatus) => void;
  /** Decides again whether the dialog shows for `status`, without taking it as news (a load under way still counts). */
  weigh: (status: UpdateStatus) => void;
  check: () => Promise<void>;
  download: () => Promise<void>;
  /** Installs and restarts; returns only when that failed (and then throws). */
  install: () => Promise<void>;
  /** "Later" or Close: the dialog stays hidden for this version. */
  dismiss: () => void;
  /** Hides the dialog without forgetting it (a download goes on, and its end shows it again). */
  hide: () => void;
  /** Shows the dialog again (from Settings → Updates). */
  show: () => void;
};

/** The update a status is about, if any. */
export function updateOf(status: UpdateStatus): UpdateInfo | null {
  return "update" in status ? status.update : null;
}

/** Whether `status` opens the dialog: a found version in "notify" mode or after "Check now", and a downloaded one. */
export function opensDialog(status: UpdateStatus, s: { mode: UpdateMode | null; asked: boolean; dismissed: string | null }): boolean {
  if (status.state === "available") return s.asked || (s.mode === "notify" && status.update.version !== s.dismissed);
  if (status.state === "ready") return status.update.version !== s.dismissed;
  return false;
}

/** Whole percent downloaded, or null when the size is not known (a progress bar is then indeterminate). */
export function percent(downloaded: number, total: number | null): number | null {
  if (total === null || total <= 0) return null;
  return Math.min(100, Math.floor((downloaded / total) * 100));
}

/** Whether the dialog has anything to show for `status`. */
export const hasDialog = (status: UpdateStatus) => ["available", "downloading", "ready", "installing", "failed"].includes(status.state);

// Events that arrived after a load started are newer than its answer.
let received = 0;

export const useUpdates = create<UpdatesState>((set, get) => ({
  status: { state: "idle" },
  open: false,
  dismissed: null,
  asked: false,
  load: async () => {
    const seen = received;
    const status = await commands.updateStatus();
    if (seen === received) get().receive(status);
  },
  receive: (status) => {
    received++;
    get().weigh(status);
  },
  weigh: (status) => {
    const { open, asked, dismissed } = get();
    const mode = useSettings.getState().settings?.updates ?? null;
    const opens = opensDialog(status, { mode, asked, dismissed });
    set({
      status,
      open: hasDialog(status) && (open || opens),
      // What "Check now" asked for is answered once something is found, or nothing is.
      asked: asked && status.state === "checking",
    });
  },
  check: async () => {
    set({ asked: true });
    try {
      get().receive(await unwrap(commands.checkForUpdate()));
    } catch (e) {
      set({ asked: false });
      throw e;
    }
  },
  download: async () => get().receive(await unwrap(commands.downloadUpdate())),
  install: async () => {
    await unwrap(commands.installUpdate());
  },
  dismiss: () => set({ open: false, dismissed: updateOf(get().status)?.version ?? get().dismissed }),
  hide: () => set({ open: false }),
  show: () => set({ open: hasDialog(get().status), dismissed: null }),
}));

/** Loads the status now and follows every update-changed event. */
export function watchUpdates(source: Source<UpdateStatus> = events.updateChanged): () => void {
  // The check at start may answer before the settings load: once the mode is known, the answer is weighed again.
  const unsubscribeSettings = useSettings.subscribe((now, before) => {
    if (now.settings?.updates !== before.settings?.updates) useUpdates.getState().weigh(useUpdates.getState().status);
  });
  // Loaded once listening: an event sent while the load is answered is newer and wins; none is missed.
  const load = () => void useUpdates.getState().load().catch((e) => console.warn("update status unavailable", e));
  const unlisten = listen(source, (status) => useUpdates.getState().receive(status), "update events", load);
  return () => {
    unsubscribeSettings();
    unlisten();
  };
}
