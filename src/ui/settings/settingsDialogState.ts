import { create } from 'zustand';

/** Which settings dialog is open: the Settings dialog, and over it the custom endpoint editor (`'new'` or an id). */
export interface SettingsDialogState {
  settingsOpen: boolean;
  editing: string | null;
  openSettings(): void;
  closeSettings(): void;
  editCustomEndpoint(id: string | 'new'): void;
  closeEditor(): void;
}

export const useSettingsDialog = create<SettingsDialogState>()((set) => ({
  settingsOpen: false,
  editing: null,
  openSettings: () => set({ settingsOpen: true }),
  closeSettings: () => set({ settingsOpen: false, editing: null }),
  editCustomEndpoint: (id) => set({ settingsOpen: true, editing: id }),
  closeEditor: () => set({ editing: null }),
}));
