import { useDocStore } from '../../store/documentStore.ts';
import { getNode } from '../../store/lookups.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { splitFlowIds } from './frames.ts';

/**
 * Commands on nodes behind the node menu and their shortcuts: which nodes a command acts on, and
 * Bypass / Collapse, each one undo step for all of them.
 */

/** The selected nodes (frames left out). */
export function selectedNodeIds(): string[] {
  return splitFlowIds(Object.keys(useUiStore.getState().selectedNodes)).nodes;
}

/**
 * What a node menu acts on: the whole selection when the right-clicked node is part of it, else that
 * node alone (which becomes the selection, as in every editor with context menus).
 */
export function targetsOf(nodeId: string): string[] {
  const selected = selectedNodeIds();
  if (selected.includes(nodeId)) return selected;
  const ui = useUiStore.getState();
  ui.clearSelection();
  ui.select('nodes', nodeId, true);
  return [nodeId];
}

/** Whether every one of these nodes has the flag set (so the toggle turns it off). */
export function allFlagged(ids: readonly string[], flag: 'bypass' | 'collapsed'): boolean {
  const { nodes } = useDocStore.getState().doc;
  return ids.length > 0 && ids.every((id) => getNode(nodes, id)?.[flag] === true);
}

/** Nodes that can be bypassed: notes are never run, so bypassing one means nothing. */
function runnable(ids: readonly string[]): string[] {
  const { nodes } = useDocStore.getState().doc;
  return ids.filter((id) => {
    const node = getNode(nodes, id);
    return node !== undefined && node.type !== 'weft/note';
  });
}

/** Bypass on or off (Ctrl+B): on for all unless all already are. */
export function toggleBypass(ids: readonly string[] = selectedNodeIds()): void {
  const nodes = runnable(ids);
  if (!nodes.length) {
    useUiStore.getState().showToast('Select the nodes to bypass first.', 'info');
    return;
  }
  useDocStore.getState().dispatch({ type: 'setBypass', nodes, bypass: !allFlagged(nodes, 'bypass') });
}

/** Collapse or expand (Alt+C): collapsed for all unless all already are. */
export function toggleCollapsed(ids: readonly string[] = selectedNodeIds()): void {
  if (!ids.length) return;
  // The same action the node's own collapse button dispatches (src/ui/nodes).
  useDocStore.getState().dispatch({ type: 'setNodeView', nodes: [...ids], collapsed: !allFlagged(ids, 'collapsed') });
}
