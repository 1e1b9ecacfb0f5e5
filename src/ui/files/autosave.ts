import type { Graph } from '../../store/documentTypes.ts';
import { useDocStore } from '../../store/documentStore.ts';
import { savedText } from './baseline.ts';
import { useFileState } from './fileState.ts';
import { adoptCustomEndpoints } from '../settings/customEndpointsSync.ts';
import { parseGraphText, showGraph } from './openGraph.ts';

/**
 * The open graph is written to this browser's localStorage shortly after every change, and reopened on
 * the next page load (after a reload or a crash). Stored as the saved-file text, and parsed like any
 * file when read back: storage can be edited by anything running on the origin.
 */
export const AUTOSAVE_KEY = 'weft.autosave.v1';
const DELAY_MS = 400;

type Serialise = (graph: Graph) => string;
/** `saveGraph`, once loaded: kept so the write on page hide runs synchronously, before the page is gone. */
let serialiseNow: Serialise | undefined;

async function loadSerialiser(): Promise<Serialise> {
  serialiseNow ??= (await import('../../core/document/saveGraph.ts')).saveGraph;
  return serialiseNow;
}

function write(serialise: Serialise, graph: Graph): void {
  try {
    localStorage.setItem(AUTOSAVE_KEY, serialise(graph));
  } catch {
    // storage full or disabled, or a value JSON cannot hold: nothing else to do; the file menu still saves
  }
}

/** Writes the document now (also used by tests that must not wait). */
export async function autosaveNow(graph: Graph = useDocStore.getState().doc): Promise<void> {
  write(await loadSerialiser(), graph);
}

/** Starts writing the document after each change (debounced, and at once when the page is hidden or closed). Returns a stop function. */
export function startAutosave(): () => void {
  void loadSerialiser();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (timer === undefined) return;
    clearTimeout(timer);
    timer = undefined;
    if (serialiseNow) write(serialiseNow, useDocStore.getState().doc);
    else void autosaveNow();
  };
  const unsubscribe = useDocStore.subscribe((state, previous) => {
    if (state.doc === previous.doc) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(flush, DELAY_MS);
  });
  const onHidden = () => {
    if (document.visibilityState === 'hidden') flush();
  };
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', onHidden);
  return () => {
    unsubscribe();
    window.removeEventListener('pagehide', flush);
    document.removeEventListener('visibilitychange', onHidden);
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
  adoptCustomEndpoints(result.graph);
  showGraph(result.graph);
  // Unsaved changes survive a reload as unsaved: the mark clears only if this is what was last saved.
  if (text === savedText()) useFileState.getState().setBaseline(result.graph);
  return true;
}
