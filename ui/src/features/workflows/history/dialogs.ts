// Which history dialog or menu is open: the toolbar, the History panel and the keyboard shortcuts open them.
import { create } from "zustand";

export type HistoryDialog =
  | { kind: "commit" }
  | { kind: "newBranch"; fromVersion: string | null }
  | { kind: "merge"; from: string }
  | { kind: "restore"; versionId: string }
  | { kind: "tag"; versionId: string }
  | { kind: "import" };

type DialogState = {
  dialog: HistoryDialog | null;
  branchMenu: boolean;
  open: (dialog: HistoryDialog) => void;
  close: () => void;
  setBranchMenu: (open: boolean) => void;
};

export const useHistoryDialogs = create<DialogState>((set) => ({
  dialog: null,
  branchMenu: false,
  open: (dialog) => set({ dialog, branchMenu: false }),
  close: () => set({ dialog: null }),
  setBranchMenu: (branchMenu) => set({ branchMenu }),
}));
