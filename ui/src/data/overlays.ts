// The app-wide sheets a shortcut or a button can open over any screen (search, the keyboard shortcuts), so the
// button that opens one and the sheet itself need not import each other. One at a time.
import { create } from "zustand";

export type Overlay = "search" | "shortcuts";

type OverlayState = {
  open: Overlay | null;
  show: (overlay: Overlay) => void;
  close: () => void;
};

export const useOverlays = create<OverlayState>((set) => ({
  open: null,
  show: (overlay) => set({ open: overlay }),
  close: () => set({ open: null }),
}));
