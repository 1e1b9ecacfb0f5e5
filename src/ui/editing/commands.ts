import type { exportGraph as ExportGraph } from '../../core/document/exportGraph.ts';
import { boundsOf } from '../../core/graph/placement.ts';
import { useDocStore } from '../../store/documentStore.ts';
import type { Graph } from '../../store/documentTypes.ts';
import { extractFragment, idMaker, placeFragment } from '../../store/fragments.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { parseGraphText } from '../files/openGraph.ts';
import { adoptCustomEndpoints } from '../settings/customEndpointsSync.ts';
import { useSettings } from '../settings/settingsStore.ts';
import { freeSpot, nodeSize, notePlaced } from './boxes.ts';
import { getFlowApi, pointerInFlow } from './flowApi.ts';
import { frameFlowId, splitFlowIds } from './frames.ts';

/**
 * Editing commands behind the keyboard shortcuts and menus: copy, cut, paste, duplicate, select all,
 * delete, frame the selection. Each document change is one dispatched action, so one undo reverts it.
 */

/** How far a duplicate (or a paste with the pointer off the canvas) lands from its original. */
const OFFSET = 40;

// The exporter (with zod behind it) stays out of the first load; it is fetched right after first paint,
// long before anyone copies. Until then a copy stays inside this page.
let exporter: typeof ExportGraph | undefined;
export function preloadEditing(): Promise<void> {
  return import('../../core/document/exportGraph.ts').then((m) => {
    exporter = m.exportGraph;
  });
}

/** The last fragment copied in this page (also put on the system clipboard as a graph file's text). */
let copied: Graph | undefined;
let pasteCount = 0;

function selection(): { nodes: Set<string>; groups: Set<string>; edges: Set<string> } {
  const ui = useUiStore.getState();
  const { nodes, groups } = splitFlowIds(Object.keys(ui.selectedNodes));
  return { nodes: new Set(nodes), groups: new Set(groups), edges: new Set(Object.keys(ui.selectedEdges)) };
}

function selectOnly(nodes: readonly string[]): void {
  const ui = useUiStore.getState();
  ui.clearSelection();
  for (const id of nodes) ui.select('nodes', id, true);
}

/**
 * Inserts a fragment with its top-left corner at `at`, or at the nearest spot where none of it covers
 * a node already there, and selects what was inserted.
 */
function insert(fragment: Graph, at: { x: number; y: number }): void {
  const store = useDocStore.getState();
  const bounds = boundsOf([...fragment.nodes.map((n) => ({ ...n.position, ...nodeSize(n) })), ...(fragment.groups ?? []).map((g) => g.rect)]);
  if (!bounds) return;
  const placed = placeFragment(fragment, freeSpot({ ...bounds, x: at.x, y: at.y }), idMaker(store.doc));
  if (!placed.nodes.length) return;
  store.dispatch({ type: 'insert', nodes: placed.nodes, edges: placed.edges, groups: placed.groups });
  if (placed.nodes.length === 1) notePlaced([placed.nodes[0]!.id]); // a group keeps its own arrangement
  selectOnly([...placed.nodes.map((n) => n.id), ...placed.groups.map((g) => frameFlowId(g.id))]);
}

function topLeft(fragment: Graph): { x: number; y: number } {
  return {
    x: Math.min(...fragment.nodes.map((n) => n.position.x)),
    y: Math.min(...fragment.nodes.map((n) => n.position.y)),
  };
}

/** The selected nodes as a fragment, or undefined (with nothing to do) when none is selected. */
function selectedFragment(): Graph | undefined {
  const { nodes, groups } = selection();
  if (!nodes.size) return undefined;
  return extractFragment(useDocStore.getState().doc, nodes, groups);
}

/**
 * Copies the selection. Returns the text for the system clipboard, or undefined when there is nothing
 * to copy or the fragment holds something key-shaped (then only this page's clipboard gets it).
 */
export function copySelection(): string | undefined {
  const fragment = selectedFragment();
  if (!fragment) return undefined;
  copied = fragment;
  pasteCount = 0;
  const keys = Object.values(useSettings.getState().providers).map((p) => p.apiKey).filter(Boolean);
  if (!exporter) return undefined;
  const text = exporter(fragment, { knownSecrets: keys });
  if (!text.ok) {
    useUiStore.getState().showToast('Copied inside Weft only: the selection holds something that looks like a key, so it was kept off the system clipboard.', 'info');
    return undefined;
  }
  return text.text;
}

/** Cuts the selection (copy, then delete in one undo step). */
export function cutSelection(): string | undefined {
  const text = copySelection();
  deleteSelection();
  return text;
}

/** Pastes a fragment: at `at` (the canvas menu's spot), else at the pointer when it is over the canvas, else beside the original. */
function pasteFragment(fragment: Graph, at?: { x: number; y: number }): void {
  pasteCount++;
  insert(fragment, at ?? pointerInFlow() ?? { x: topLeft(fragment).x + OFFSET * pasteCount, y: topLeft(fragment).y + OFFSET * pasteCount });
}

/**
 * Pastes clipboard text: a Weft graph (or fragment) from anywhere is parsed as an untrusted file and
 * inserted with fresh ids. Other text is ignored (returns false) so the browser can paste it normally.
 */
export async function pasteText(text: string | undefined, at?: { x: number; y: number }): Promise<boolean> {
  if (text && text.includes('"weft.graph"')) {
    const result = await parseGraphText(text);
    if (!result.ok) {
      useUiStore.getState().showToast(`Cannot paste: ${result.errors[0]?.message ?? 'not a Weft graph'}`, 'error');
      return true;
    }
    const warnings = [...result.warnings, ...adoptCustomEndpoints(result.graph)];
    pasteFragment(result.graph, at);
    if (warnings.length) useUiStore.getState().showToast(`Pasted with ${warnings.length} warning(s): ${warnings[0]!.message}`, 'info');
    return true;
  }
  if (copied) {
    pasteFragment(copied, at);
    return true;
  }
  return false;
}

/** Copy from a menu (no clipboard event to fill): the selection goes to the system clipboard as graph text. */
export async function copyToClipboard(): Promise<void> {
  const text = copySelection();
  if (text === undefined) return;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // The page may not write the clipboard (permission): the copy stays inside Weft, where Paste finds it.
  }
}

/** Paste from a menu at a spot: the system clipboard's graph text when the page may read it, else Weft's own copy. */
export async function pasteFromClipboard(at: { x: number; y: number }): Promise<void> {
  let text: string | undefined;
  try {
    text = await navigator.clipboard.readText();
  } catch {
    text = undefined;
  }
  if (!(await pasteText(text, at))) useUiStore.getState().showToast('Nothing to paste: copy nodes first (Ctrl+C).', 'info');
}

/** Duplicates the selection beside itself (Ctrl+D). */
export function duplicateSelection(): void {
  const fragment = selectedFragment();
  if (!fragment) return;
  const at = topLeft(fragment);
  insert(fragment, { x: at.x + OFFSET, y: at.y + OFFSET });
}

/** Deletes the selected nodes and wires in one undo step. */
export function deleteSelection(): void {
  const { nodes, groups, edges } = selection();
  if (!nodes.size && !edges.size && !groups.size) return;
  useDocStore.getState().dispatch({ type: 'remove', nodes: [...nodes], edges: [...edges], groups: [...groups] });
  useUiStore.getState().forget([...nodes, ...[...groups].map(frameFlowId)], [...edges]);
}

/** Selects every node. */
export function selectAll(): void {
  selectOnly(useDocStore.getState().doc.nodes.map((n) => n.id));
}

/** Margins that keep a fitted graph clear of the minimap (top right) and the zoom buttons (bottom right). */
const FIT_PADDING = { top: '40px', bottom: '40px', left: '40px', right: '230px' } as const;

/** Frames the whole graph (never zooming in past 100 %). */
export function fitWhole(duration = 200): void {
  void getFlowApi()?.fitView({ padding: FIT_PADDING, maxZoom: 1, duration });
}

/** Fits every node into view (or the selection, when there is one). */
export function fitView(): void {
  const { nodes } = selection();
  if (!nodes.size) return fitWhole();
  void getFlowApi()?.fitView({ padding: FIT_PADDING, maxZoom: 1.5, duration: 200, nodes: [...nodes].map((id) => ({ id })) });
}
