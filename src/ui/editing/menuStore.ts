import { create } from 'zustand';

/** Which context menu is open (and for what), and which node is being renamed. Never saved, never undone. */
export interface OpenMenu {
  kind: 'node' | 'canvas';
  /** Client pixels. */
  at: { x: number; y: number };
  /** The node right-clicked (kind `node`). */
  nodeId?: string;
  /** The nodes a node menu acts on (the selection, when the node is in it). */
  targets?: string[];
}

interface MenuState {
  menu: OpenMenu | null;
  renaming: string | null;
  open(menu: OpenMenu): void;
  close(): void;
  rename(nodeId: string | null): void;
}

export const useMenuStore = create<MenuState>()((set) => ({
  menu: null,
  renaming: null,
  open: (menu) => set({ menu }),
  close: () => set({ menu: null }),
  rename: (renaming) => set({ renaming, menu: null }),
}));
