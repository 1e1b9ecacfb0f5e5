import type { Graph } from '../../store/documentTypes.ts';
import { useFileState } from './fileState.ts';

/** The text of the graph as last saved or opened in this browser, so a reload can tell whether the restored graph was saved. */
export const BASELINE_KEY = 'weft.baseline.v1';

function store(text: string): void {
  try {
    localStorage.setItem(BASELINE_KEY, text);
  } catch {
    // storage full: the mark still clears for this page
  }
}

/**
 * Records `graph` as saved: the unsaved-changes mark clears at once. Its file text is `text`, or is
 * written after the graph is painted (a large graph opens without waiting for it).
 */
export function markSaved(graph: Graph, text?: string): void {
  useFileState.getState().setBaseline(graph);
  if (text !== undefined) return store(text);
  setTimeout(() => {
    void import('../../core/document/saveGraph.ts').then(({ saveGraph }) => {
      if (useFileState.getState().baseline === graph) store(saveGraph(graph));
    });
  }, 0);
}

/** The text recorded by the last `markSaved`, if any. */
export function savedText(): string | null {
  try {
    return localStorage.getItem(BASELINE_KEY);
  } catch {
    return null;
  }
}
