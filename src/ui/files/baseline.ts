import type { Graph } from '../../store/documentTypes.ts';
import { useFileState } from './fileState.ts';

/** The text of the graph as last saved or opened in this browser, so a reload can tell whether the restored graph was saved. */
export const BASELINE_KEY = 'weft.baseline.v1';

/** Records `graph` (whose file text is `text`) as saved: the unsaved-changes mark clears. */
export function markSaved(graph: Graph, text: string): void {
  useFileState.getState().setBaseline(graph);
  try {
    localStorage.setItem(BASELINE_KEY, text);
  } catch {
    // storage full: the mark still clears for this page
  }
}

/** The text recorded by the last `markSaved`, if any. */
export function savedText(): string | null {
  try {
    return localStorage.getItem(BASELINE_KEY);
  } catch {
    return null;
  }
}
