import type { Graph } from '../../store/documentTypes.ts';
import { useDocStore } from '../../store/documentStore.ts';
import { savedText } from './baseline.ts';
import { useFileState } from './fileState.ts';
import { parseGraphText, showGraph } from './openGraph.ts';

/**
 * The open graph is written to this browser's localStorage shortly after every change, and reopened on
 * the next page load (after a reload or a crash). Stored as the saved-file text, and parsed like any
 * file when read back: storage can be edited by anything running on the origin.
 */
export const AUTOSAVE_KEY = 'weft.autosave.v1';
const DELAY_MS = 400;

async function serialise(graph: Graph): Promise<string> {
  const { saveGraph } = await import('../../core/document/saveGraph.ts');
  return saveGraph(graph);
}

/** Writes the document now (also used before unload and by tests that must not wait). */
export async function autosaveNow(graph: Graph = useDocStore.getState().doc): Promise<void> {
  try {
    localStorage.setItem(AUTOSAVE_KEY, await serialise(graph));
  } catch {
    // storage full or disabled: nothing else to do; the file menu still saves
  }
}

/** Starts writing the document after each change (debounced). Returns a stop function. */
export function startAutosave(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (timer === undefined) return;
    clearTimeout(timer);
    timer = undefined;
    void autosaveNow();
  };
  const unsubscribe = useDocStore.subscribe((state, previous) => {
    if (state.doc === previous.doc) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(flush, DELAY_MS);
  });
  window.addEventListener('pagehide', flush);
  return () => {
    unsubscribe();
    window.removeEventListener('pagehide', flush);
    if (timer !== undefined) clearTimeout(timer);
  };
}

/** Reopens the autosaved graph, if there is one that loads. Returns whether it did. */
export async function restoreAutosave(): Promise<boolean> {
  let text: string | null;
  try {
    text = localStorage.getItem(AUTOSAVE_KEY);
  } catch {
    return false;
  }
  if (!text) return false;
  const result = await parseGraphText(text);
  if (!result.ok) return false;
  showGraph(result.graph);
  // Unsaved changes survive a reload as unsaved: the mark clears only if this is what was last saved.
  if (text === savedText()) useFileState.getState().setBaseline(result.graph);
  return true;
}
