import { create } from 'zustand';
import { immer } from 'zustand/middleware/immer';
import { applyDocAction, type DocAction } from './documentActions.ts';
import { emptyGraph, type Graph } from './documentTypes.ts';

export interface DocState {
  doc: Graph;
  /** The only way to edit the document: one typed action at a time. */
  dispatch(action: DocAction): void;
  /** A fresh id with the given prefix (`n` for nodes, `e` for edges) that the document does not use yet. */
  newId(prefix: 'n' | 'e'): string;
}

/** Creates a document store (the app uses one; tests make their own). */
export function createDocStore(initial: Graph = emptyGraph()) {
  const counters = { n: 0, e: 0 };
  return create<DocState>()(
    immer((set, get) => ({
      doc: initial,
      dispatch(action) {
        set((state) => {
          applyDocAction(state.doc, action);
        });
      },
      newId(prefix) {
        const { nodes, edges } = get().doc;
        const taken = new Set<string>((prefix === 'n' ? nodes : edges).map((x) => x.id));
        let id: string;
        do id = `${prefix}${++counters[prefix]}`;
        while (taken.has(id));
        return id;
      },
    })),
  );
}

export const useDocStore = createDocStore();

/** Shorthand for `useDocStore.getState().dispatch(action)`, for event handlers. */
export function dispatch(action: DocAction): void {
  useDocStore.getState().dispatch(action);
}
