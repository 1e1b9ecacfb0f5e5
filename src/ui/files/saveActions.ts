import { useDocStore } from '../../store/documentStore.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { markSaved } from './baseline.ts';
import { downloadText, graphFileName } from './download.ts';
import { exportOpenGraph } from './exportOpenGraph.ts';
import { addRecent } from './recent.ts';

/**
 * Save: downloads the open graph as `<name>.weft.json`, after the export scan (a graph holding
 * something key-like is refused and nothing is written). With `name`, renames the graph first (Save as).
 */
export async function saveOpenGraph(name?: string): Promise<boolean> {
  const store = useDocStore.getState();
  if (name !== undefined && name.trim() !== '' && name !== store.doc.name) store.dispatch({ type: 'setName', name: name.trim() });
  const graph = useDocStore.getState().doc;
  const text = await exportOpenGraph('saved', graph);
  if (text === null) return false;
  const fileName = graphFileName(graph.name);
  downloadText(text, fileName);
  markSaved(graph, text);
  addRecent({ name: graph.name, text, how: 'saved' });
  useUiStore.getState().showToast(`Saved "${fileName}" to your downloads.`);
  return true;
}
