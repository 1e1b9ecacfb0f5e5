import { create } from 'zustand';
import type { Graph } from '../../store/documentTypes.ts';
import { useDocStore } from '../../store/documentStore.ts';

/** One problem listed in a report: a load warning or error, or a secret finding. */
export interface ReportItem {
  /** The loader's code (`schema-drift`, `dangling-edge`, …) when it came from loading. */
  code?: string;
  message: string;
  /** Where in the file, e.g. `nodes[2].values.prompt` (empty for the whole file). */
  path: string;
  /** The same place in the editor's words, e.g. `Prompt › Text` (node and field), when known. */
  where?: string;
  line?: number;
  column?: number;
}

/** What the report dialog shows after opening a file or link, or after a refused save. */
export interface Report {
  title: string;
  /** One sentence under the title: what happened to the open graph. */
  summary: string;
  warnings: ReportItem[];
  errors: ReportItem[];
}

export type FileDialog =
  | { kind: 'report'; report: Report }
  | { kind: 'share'; link: string; copied: boolean }
  | { kind: 'examples' }
  | { kind: 'recent' }
  | { kind: 'saveAs' };

interface FileState {
  /** The document as it was last saved or opened; the graph has unsaved changes when it differs. */
  baseline: Graph;
  dialog: FileDialog | null;
  /** A file is being dragged over the window. */
  dropping: boolean;
  /** Counts graphs opened (file, link, example, recovery): the canvas fits the view to each. */
  opened: number;
  setBaseline(graph: Graph): void;
  openDialog(dialog: FileDialog): void;
  closeDialog(): void;
  setDropping(dropping: boolean): void;
  noteOpened(): void;
}

/** File-menu state: the saved baseline (for the unsaved-changes mark), the open dialog, the drop overlay. */
export const useFileState = create<FileState>()((set) => ({
  baseline: useDocStore.getState().doc,
  dialog: null,
  dropping: false,
  opened: 0,
  setBaseline: (baseline) => set({ baseline }),
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
  setDropping: (dropping) => set((s) => (s.dropping === dropping ? s : { dropping })),
  noteOpened: () => set((s) => ({ opened: s.opened + 1 })),
}));

/** Whether the open graph differs from what was last saved or opened (an empty graph never counts). */
export function hasUnsavedChanges(doc: Graph, baseline: Graph): boolean {
  return doc !== baseline && (doc.nodes.length > 0 || (doc.groups?.length ?? 0) > 0);
}

/** The unsaved-changes mark, for components. */
export function useUnsaved(): boolean {
  const doc = useDocStore((s) => s.doc);
  const baseline = useFileState((s) => s.baseline);
  return hasUnsavedChanges(doc, baseline);
}
