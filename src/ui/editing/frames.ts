import { useDocStore } from '../../store/documentStore.ts';
import type { Rect } from '../../store/documentTypes.ts';
import { nodesInside } from '../../store/fragments.ts';
import { getNode } from '../../store/lookups.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { nodeSize } from './boxes.ts';

/**
 * Frames (the saved file's `groups`) are drawn as React Flow nodes of their own type, behind every
 * node. Their flow ids carry a prefix so they can never collide with a node's id.
 */
export const FRAME_PREFIX = 'frame:';
const PAD = 28;
const TITLE = 34;

export function frameFlowId(groupId: string): string {
  return FRAME_PREFIX + groupId;
}

/** The group id of a frame's flow id, or undefined for an ordinary node. */
export function groupIdOf(flowId: string): string | undefined {
  return flowId.startsWith(FRAME_PREFIX) ? flowId.slice(FRAME_PREFIX.length) : undefined;
}

/** Splits a set of selected flow ids into document node ids and frame (group) ids. */
export function splitFlowIds(ids: Iterable<string>): { nodes: string[]; groups: string[] } {
  const nodes: string[] = [];
  const groups: string[] = [];
  for (const id of ids) {
    const group = groupIdOf(id);
    if (group === undefined) nodes.push(id);
    else groups.push(group);
  }
  return { nodes, groups };
}

/** Puts a titled frame around the selected nodes (Ctrl+G); the new frame's title is focused for typing. */
export function frameSelection(): void {
  const ui = useUiStore.getState();
  const store = useDocStore.getState();
  const { nodes: ids } = splitFlowIds(Object.keys(ui.selectedNodes));
  const nodes = ids.map((id) => getNode(store.doc.nodes, id)).filter((n) => n !== undefined);
  if (!nodes.length) {
    ui.showToast('Select the nodes to frame first (Shift+drag draws a selection box).', 'info');
    return;
  }
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const n of nodes) {
    const size = nodeSize(n);
    left = Math.min(left, n.position.x);
    top = Math.min(top, n.position.y);
    right = Math.max(right, n.position.x + size.width);
    bottom = Math.max(bottom, n.position.y + size.height);
  }
  const rect: Rect = { x: left - PAD, y: top - PAD - TITLE, width: right - left + PAD * 2, height: bottom - top + PAD * 2 + TITLE };
  const id = store.newId('g');
  store.dispatch({ type: 'addGroup', group: { id, title: 'Frame', rect } });
  ui.clearSelection();
  ui.select('nodes', frameFlowId(id), true);
}

/** While a frame is dragged: the nodes it carries, fixed when the drag starts. */
const carrying = new Map<string, string[]>();

/** Moves a frame (and the nodes inside it when the drag began). */
export function moveFrame(groupId: string, position: { x: number; y: number } | undefined, final: boolean): void {
  const store = useDocStore.getState();
  const group = store.doc.groups?.find((g) => g.id === groupId);
  if (!group) return;
  let carry = carrying.get(groupId);
  if (!carry) carrying.set(groupId, (carry = nodesInside(store.doc, group)));
  if (final) carrying.delete(groupId);
  const at = position ?? group.rect;
  store.dispatch({ type: 'updateGroup', id: groupId, rect: { ...group.rect, x: at.x, y: at.y }, carry, final });
}
