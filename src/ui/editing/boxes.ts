import { findFreeSpot } from '../../core/graph/placement.ts';
import type { Position, Rect } from '../../core/model/graph.ts';
import type { GraphNode } from '../../store/documentTypes.ts';
import { useDocStore } from '../../store/documentStore.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { peekTemplate } from '../catalog.ts';
import { NODE_WIDTH } from '../nodeFactory.ts';
import { estimateLayout } from '../nodes/estimateLayout.ts';

/** A node whose template is not loaded yet is taken to be this tall. */
const FALLBACK_HEIGHT = 200;

/** A node's size on the canvas: as React Flow measured it, else estimated from its template. */
export function nodeSize(node: GraphNode): { width: number; height: number } {
  const measured = useUiStore.getState().measured[node.id];
  if (measured) return measured;
  const template = peekTemplate(node.type);
  if (!template) return { width: NODE_WIDTH, height: FALLBACK_HEIGHT };
  const { width, height } = estimateLayout(template, node.values);
  return { width, height };
}

/** Every node's box on the canvas (except `skip`). */
export function nodeBoxes(skip: ReadonlySet<string> = new Set()): (Rect & { id: string })[] {
  return useDocStore
    .getState()
    .doc.nodes.filter((n) => !skip.has(n.id))
    .map((n) => ({ id: n.id, ...n.position, ...nodeSize(n) }));
}

/** The nearest spot to `want` where a box of its size covers no node (rounded to whole units). */
export function freeSpot(want: Rect, skip?: ReadonlySet<string>): Position {
  const spot = findFreeSpot(want, nodeBoxes(skip));
  return { x: Math.round(spot.x), y: Math.round(spot.y) };
}

/** Nodes just added or pasted, placed by their estimated size, waiting for their real one. */
const placed = new Set<string>();

/** Marks nodes just placed: once measured, they move clear of any node their real size covers. */
export function notePlaced(ids: Iterable<string>): void {
  for (const id of ids) placed.add(id);
}

/**
 * Called with React Flow's first measurements: a node placed by an estimate that came out larger
 * than it (a template's real widgets) moves to the nearest free spot. Not an undo step of its own:
 * undoing the add removes the node wherever it settled.
 */
export function settlePlaced(sizes: readonly { id: string; size: { width: number; height: number } }[]): void {
  const moves: { id: string; position: Position }[] = [];
  for (const { id, size } of sizes) {
    if (!placed.delete(id)) continue;
    const node = useDocStore.getState().doc.nodes.find((n) => n.id === id);
    if (!node) continue;
    const others = nodeBoxes(new Set([id, ...moves.map((m) => m.id)])).concat(moves.map((m) => ({ id: m.id, ...m.position, ...nodeSize({ ...node, id: m.id }) })));
    const spot = findFreeSpot({ ...node.position, ...size }, others);
    if (spot.x !== node.position.x || spot.y !== node.position.y) moves.push({ id, position: { x: Math.round(spot.x), y: Math.round(spot.y) } });
  }
  if (moves.length) useDocStore.getState().dispatch({ type: 'moveNodes', moves, final: false });

}
