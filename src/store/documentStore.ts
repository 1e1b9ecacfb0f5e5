import { create } from 'zustand';
import { immer } from 'zustand/middleware/immer';
import { applyDocAction, coalesceKey, entersHistory, isDerived, type DocAction } from './documentActions.ts';
import { emptyGraph, type Graph } from './documentTypes.ts';

/** One undo step: the document before and after (immer shares everything unchanged, so this is cheap). */
interface Step {
  before: Graph;
  after: Graph;
  key: string | undefined;
  at: number;
}

/** How many undo steps are kept. */
export const HISTORY_LIMIT = 200;
/** Edits with the same coalesce key closer together than this merge into one undo step. */
export const COALESCE_MS = 1000;

export interface DocState {
  doc: Graph;
  /** Undo steps available (for enabling buttons; the steps themselves are private). */
  canUndo: boolean;
  canRedo: boolean;
  /** The only way to edit the document: one typed action at a time. */
  dispatch(action: DocAction): void;
  undo(): void;
  redo(): void;
  /** Replaces the whole document (New, Open, a share link, recovery) and forgets undo history. */
  replace(graph: Graph): void;
  /** A fresh id with the given prefix (`n` nodes, `e` edges, `g` frames) that the document does not use yet. */
  newId(prefix: 'n' | 'e' | 'g'): string;
}

export interface DocStoreOptions {
  /** Milliseconds now; tests pass a fake to check coalescing. */
  now?: () => number;
}

/** Creates a document store (the app uses one; tests make their own). */
export function createDocStore(initial: Graph = emptyGraph(), options: DocStoreOptions = {}) {
  const now = options.now ?? (() => Date.now());
  const counters = { n: 0, e: 0, g: 0 };
  let past: Step[] = [];
  let future: Step[] = [];
  /** The document when the drag in progress started (non-final moves are not steps of their own). */
  let dragBase: Graph | undefined;

  return create<DocState>()(
    immer((set, get) => {
      const flags = () => ({ canUndo: past.length > 0, canRedo: future.length > 0 });
      return {
        doc: initial,
        canUndo: false,
        canRedo: false,
        dispatch(action) {
          const before = get().doc;
          set((state) => {
            applyDocAction(state.doc, action);
          });
          const after = get().doc;
          if (isDerived(action)) return;
          if (!entersHistory(action)) {
            if (after !== before) dragBase ??= before;
            return;
          }
          const base = dragBase ?? before;
          dragBase = undefined;
          if (after === base) return; // nothing changed: no empty undo steps
          const key = coalesceKey(action);
          const at = now();
          const last = past[past.length - 1];
          if (key !== undefined && last && last.key === key && at - last.at < COALESCE_MS && future.length === 0) {
            last.after = after;
            last.at = at;
          } else {
            past.push({ before: base, after, key, at });
            if (past.length > HISTORY_LIMIT) past = past.slice(-HISTORY_LIMIT);
          }
          future = [];
          set(flags());
        },
        undo() {
          const step = past.pop();
          if (!step) return;
          future.push(step);
          dragBase = undefined;
          set({ doc: step.before, ...flags() });
        },
        redo() {
          const step = future.pop();
          if (!step) return;
          past.push({ ...step, key: undefined });
          dragBase = undefined;
          set({ doc: step.after, ...flags() });
        },
        replace(graph) {
          past = [];
          future = [];
          dragBase = undefined;
          set({ doc: graph, ...flags() });
        },
        newId(prefix) {
          const { nodes, edges, groups } = get().doc;
          const list = prefix === 'n' ? nodes : prefix === 'e' ? edges : (groups ?? []);
          const taken = new Set<string>(list.map((x) => x.id));
          let id: string;
          do id = `${prefix}${++counters[prefix]}`;
          while (taken.has(id));
          return id;
        },
      };
    }),
  );
}

export const useDocStore = createDocStore();

/** Shorthand for `useDocStore.getState().dispatch(action)`, for event handlers. */
export function dispatch(action: DocAction): void {
  useDocStore.getState().dispatch(action);
}
