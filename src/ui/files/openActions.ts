import { DEFAULT_LOAD_LIMITS } from '../../core/document/limits.ts';
import type { LoadResult } from '../../core/document/loadGraph.ts';
import { useDocStore } from '../../store/documentStore.ts';
import { emptyGraph } from '../../store/documentTypes.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { markSaved } from './baseline.ts';
import { hasUnsavedChanges, useFileState } from './fileState.ts';
import { adoptCustomEndpoints } from '../settings/customEndpointsSync.ts';
import { parseGraphText, showGraph } from './openGraph.ts';
import { addRecent } from './recent.ts';

async function saveText(graph = useDocStore.getState().doc): Promise<string> {
  const { saveGraph } = await import('../../core/document/saveGraph.ts');
  return saveGraph(graph);
}

/**
 * Before another graph replaces the open one: unsaved work goes to Recent (with its text) instead of
 * a blocking question, so nothing is lost and opening stays one step. Returns whether it did.
 */
export async function setAsideUnsaved(): Promise<boolean> {
  const { doc } = useDocStore.getState();
  if (!hasUnsavedChanges(doc, useFileState.getState().baseline)) return false;
  try {
    addRecent({ name: doc.name, text: await saveText(doc), how: 'unsaved changes, set aside' });
    return true;
  } catch {
    return false;
  }
}

/** Starts an empty graph (unsaved work goes to Recent first). */
export async function newGraph(): Promise<void> {
  const setAside = await setAsideUnsaved();
  const graph = emptyGraph();
  showGraph(graph);
  markSaved(graph);
  useUiStore.getState().showToast(setAside ? 'New graph. Your unsaved changes are in Recent.' : 'New graph.');
}

export interface OpenSource {
  /** Shown in messages: `"veo.weft.json"`, `the shared link`, `the example "…"`. */
  label: string;
  /** Kept with the recent entry: opened, shared link, example… */
  how: string;
}

/** Reports a load: errors (nothing opened) or warnings (opened anyway) in a dialog; a clean load only in the status line. */
function report(result: LoadResult, source: OpenSource, setAside: boolean): void {
  const ui = useUiStore.getState();
  const files = useFileState.getState();
  const aside = setAside ? ' Your unsaved changes are in Recent.' : '';
  if (!result.ok) {
    files.openDialog({
      kind: 'report',
      report: { title: `Could not open ${source.label}`, summary: 'The graph you had open is unchanged.', warnings: result.warnings, errors: result.errors },
    });
    ui.showToast(`Could not open ${source.label}: ${result.errors[0]?.message ?? 'unreadable'}`, 'error');
    return;
  }
  const n = result.warnings.length;
  if (n > 0) {
    files.openDialog({
      kind: 'report',
      report: {
        title: `Opened ${source.label} with ${n} warning${n === 1 ? '' : 's'}`,
        summary: `The graph is open; check what was repaired before you run it.${aside}`,
        warnings: result.warnings,
        errors: [],
      },
    });
  }
  ui.showToast(`Opened ${source.label}${n > 0 ? ` (${n} warning${n === 1 ? '' : 's'})` : ''}.${aside}`);
}

/** Opens graph text from outside (file, link, example, recent): warnings shown, errors leave the open graph alone. */
export async function openGraphFromText(text: string, source: OpenSource): Promise<boolean> {
  const parsed = await parseGraphText(text);
  if (!parsed.ok) {
    report(parsed, source, false);
    return false;
  }
  // Custom node types the file carries join this browser's settings (before the nodes are drawn).
  const result = { ...parsed, warnings: [...parsed.warnings, ...adoptCustomEndpoints(parsed.graph)] };
  const setAside = await setAsideUnsaved();
  showGraph(result.graph);
  markSaved(result.graph);
  setTimeout(() => addRecent({ name: result.graph.name, text, how: source.how }), 0); // after the graph is painted
  report(result, source, setAside);
  return true;
}

/** Opens a graph file the user picked or dropped; a file far too large is refused before it is read. */
export async function openGraphFile(file: File): Promise<boolean> {
  const source = { label: `"${file.name}"`, how: 'opened' };
  if (file.size > DEFAULT_LOAD_LIMITS.maxChars * 2) {
    const message = `the file is too large (${file.size.toLocaleString('en')} bytes; the limit is ${DEFAULT_LOAD_LIMITS.maxChars.toLocaleString('en')} characters)`;
    report({ ok: false, graph: null, warnings: [], errors: [{ code: 'too-large', message, path: '' }], unreadable: true }, source, false);
    return false;
  }
  let text: string;
  try {
    text = await file.text();
  } catch {
    useUiStore.getState().showToast(`Could not read "${file.name}".`, 'error');
    return false;
  }
  return openGraphFromText(text, source);
}
