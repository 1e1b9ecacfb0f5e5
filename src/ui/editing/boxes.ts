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
export function freeSpot(want: Rect): Position {
  const spot = findFreeSpot(want, nodeBoxes());
  return { x: Math.round(spot.x), y: Math.round(spot.y) };
}
