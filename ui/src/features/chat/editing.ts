// Which question is open in its inline editor: its Edit button opens it, and so does ↑ in an empty composer (the
// last question). One at a time.
import { create } from "zustand";

type EditingState = { editingId: string | null; edit: (messageId: string | null) => void };

export const useEditing = create<EditingState>((set) => ({
  editingId: null,
  edit: (editingId) => set({ editingId }),
}));
