import { create } from 'zustand';
import { immer } from 'zustand/middleware/immer';
import type { Position as XY } from './documentTypes.ts';

/**
 * Ephemeral editor state: never saved, never undone. Kept apart from the document so that opening the
 * palette or selecting a node cannot change what gets saved.
 */
export interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'error';
}

export interface PalettePopup {
  /** Where to draw the popup, in client pixels. */
  screen: XY;
  /** Where to put the node it adds, in flow coordinates. */
  flow: XY;
  /** A wire dropped on empty canvas: the new node is connected to this port. */
  wire?: DroppedWire;
}

/** The loose end of a wire dropped on empty canvas. */
export interface DroppedWire {
  node: string;
  port: string;
  /** true when the wire came out of an output (the new node must take it). */
  fromOutput: boolean;
  /** fromOutput: the output's kind; else the kinds the input takes. */
  kinds: string[];
}

export interface UiState {
  paletteOpen: boolean;
  /** The keyboard shortcuts dialog. */
  shortcutsOpen: boolean;
  palettePopup: PalettePopup | null;
  selectedNodes: Record<string, true>;
  selectedEdges: Record<string, true>;
  toast: Toast | null;
  /** Rendered node sizes reported by React Flow (view state React Flow needs back on every node). */
  measured: Record<string, { width: number; height: number }>;
  /** While a wire is dragged: the ports it may connect to, keyed by core's `portKey`. */
  connectable: Record<string, true> | null;
  /** While a wire is dragged: the kind of the port it started from (colours the wire). */
  draggingKind: string | null;

  togglePalette(open?: boolean): void;
  showShortcuts(open: boolean): void;
  openPopup(popup: PalettePopup): void;
  closePopup(): void;
  select(kind: 'nodes' | 'edges', id: string, selected: boolean): void;
  clearSelection(): void;
  forget(nodes: string[], edges: string[]): void;
  showToast(message: string, tone?: Toast['tone']): void;
  clearToast(id: number): void;
  setMeasured(id: string, size: { width: number; height: number }): void;
  /** Many sizes in one update (React Flow measures a whole graph's nodes in one batch). */
  setMeasuredMany(sizes: readonly { id: string; size: { width: number; height: number } }[]): void;
  setConnectable(ports: Record<string, true> | null, kind?: string): void;
}

export function createUiStore() {
  let toastCounter = 0;
  return create<UiState>()(
    immer((set) => ({
      paletteOpen: true,
      shortcutsOpen: false,
      palettePopup: null,
      selectedNodes: {},
      selectedEdges: {},
      toast: null,
      measured: {},
      connectable: null,
      draggingKind: null,

      togglePalette: (open) => set((s) => { s.paletteOpen = open ?? !s.paletteOpen; }),
      showShortcuts: (open) => set((s) => { s.shortcutsOpen = open; }),
      openPopup: (popup) => set((s) => { s.palettePopup = popup; }),
      closePopup: () => set((s) => { s.palettePopup = null; }),
      select: (kind, id, selected) =>
        set((s) => {
          const record = kind === 'nodes' ? s.selectedNodes : s.selectedEdges;
          if (selected) record[id] = true;
          else delete record[id];
        }),
      clearSelection: () =>
        set((s) => {
          s.selectedNodes = {};
          s.selectedEdges = {};
        }),
      forget: (nodes, edges) =>
        set((s) => {
          for (const id of nodes) {
            delete s.selectedNodes[id];
            delete s.measured[id];
          }
          for (const id of edges) delete s.selectedEdges[id];
        }),
      showToast: (message, tone = 'info') => set((s) => { s.toast = { id: ++toastCounter, message, tone }; }),
      clearToast: (id) => set((s) => { if (s.toast?.id === id) s.toast = null; }),
      setMeasured: (id, size) =>
        set((s) => {
          const old = s.measured[id];
          if (!old || old.width !== size.width || old.height !== size.height) s.measured[id] = size;
        }),
      // Performance: one store update per batch, not per node. Opening 1,000 nodes made 1,000 updates,
      // each copying the growing size map and waking every subscriber (O(N²): ~2.5 s of the open).
      setMeasuredMany: (sizes) =>
        set((s) => {
          for (const { id, size } of sizes) {
            const old = s.measured[id];
            if (!old || old.width !== size.width || old.height !== size.height) s.measured[id] = size;
          }
        }),
      setConnectable: (ports, kind) =>
        set((s) => {
          s.connectable = ports;
          s.draggingKind = ports ? (kind ?? null) : null;
        }),
    })),
  );
}

export const useUiStore = createUiStore();
