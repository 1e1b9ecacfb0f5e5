import { pushAside } from '../../core/graph/placement.ts';
import { useDocStore } from '../../store/documentStore.ts';
import { getNode } from '../../store/lookups.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { useRunStore } from '../run/runStore.ts';
import { nodeBoxes } from './boxes.ts';

type Size = { width: number; height: number };

/** Growth smaller than this (sub-pixel measuring noise, a scrollbar) moves nothing. */
const MIN_GROWTH = 4;
/** How long after its run entry changed a node's growth counts as the run's doing (results load a moment later). */
const RUN_GROWTH_MS = 10_000;

/**
 * When each node's run entry last changed (a result, an error, a state). Only growth that follows such
 * a change pushes neighbours: growth from zooming (a node drawn simply at low zoom, then in full),
 * expanding, resizing or typing is the user's and moves nothing.
 */
const runChangedAt = new Map<string, number>();
useRunStore.subscribe((s, old) => {
  if (s.nodes === old.nodes) return;
  const now = Date.now();
  for (const id of Object.keys(s.nodes)) if (s.nodes[id] !== old.nodes[id]) runChangedAt.set(id, now);
});

/** Whether the user is typing in this node (a text area that grows on focus grows only for a while). */
function editingInside(id: string): boolean {
  const active = document.activeElement;
  return active instanceof Element && active.closest(`.react-flow__node[data-id="${CSS.escape(id)}"]`) !== null;
}

/**
 * A node that grew with its run (a Preview showing its results, an error under a job) pushes the nodes
 * it would now cover down or right, in one undo step, so it never hides its neighbours. Called with
 * React Flow's new measurements before they replace the old ones. Growth the user makes (zooming,
 * expanding, resizing a node, typing in it) moves nothing.
 */
export function pushAsideGrown(sizes: readonly { id: string; size: Size; resizing?: boolean }[]): void {
  const before = useUiStore.getState().measured;
  const doc = useDocStore.getState().doc;
  const moves = new Map<string, { x: number; y: number }>();
  for (const { id, size, resizing } of sizes) {
    const old = before[id];
    if (!old || resizing || (size.height < old.height + MIN_GROWTH && size.width < old.width + MIN_GROWTH)) continue;
    if (Date.now() - (runChangedAt.get(id) ?? -Infinity) > RUN_GROWTH_MS) continue;
    const node = getNode(doc.nodes, id);
    if (!node || editingInside(id)) continue;
    const others = nodeBoxes(new Set([id])).map((b) => {
      const at = moves.get(b.id);
      return at ? { ...b, ...at } : b;
    });
    for (const m of pushAside(id, { ...node.position, ...old }, { ...node.position, ...size }, others)) moves.set(m.id, m.position);
  }
  if (moves.size) useDocStore.getState().dispatch({ type: 'moveNodes', moves: [...moves].map(([id, position]) => ({ id, position })), final: true });
}
