import { findFreeSpot } from '../../core/graph/placement.ts';
import { useDocStore } from '../../store/documentStore.ts';
import { nodesInside } from '../../store/fragments.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { nodeBoxes } from './boxes.ts';
import { fitWhole } from './commands.ts';
import { splitFlowIds } from './frames.ts';
import { layoutGraph } from './layoutGraph.ts';

/**
 * Arrange: lays out the selection (two or more nodes) or else the whole graph left to right by data
 * flow, as one undo step. dagre (17 kB gzip) loads the first time this is used, never with the page.
 * An arranged selection is then moved, as a block, to the nearest spot clear of the other nodes.
 */
export async function arrange(): Promise<void> {
  const { Graph, layout } = await import('@dagrejs/dagre');
  const { doc } = useDocStore.getState();
  const { nodes: selected } = splitFlowIds(Object.keys(useUiStore.getState().selectedNodes));
  const only = selected.length >= 2 ? new Set(selected) : undefined;
  const all = nodeBoxes();
  const boxes = only ? all.filter((b) => only.has(b.id)) : all;
  if (boxes.length < 2) {
    useUiStore.getState().showToast('Nothing to arrange: add nodes, or select two or more.', 'info');
    return;
  }
  const ids = new Set(boxes.map((b) => b.id));
  const edges = doc.edges.filter((e) => ids.has(e.from.node) && ids.has(e.to.node)).map((e) => ({ from: e.from.node, to: e.to.node }));
  // A frame goes along when every node in it is arranged (arranging part of a frame leaves the frame be).
  const groups = (doc.groups ?? [])
    .map((g) => ({ id: g.id, members: nodesInside(doc, g) }))
    .filter((g) => g.members.length > 0 && g.members.every((id) => ids.has(id)));
  const result = layoutGraph({ Graph, layout }, { nodes: boxes, edges, groups });
  if (only) {
    // Keep the arranged block off the nodes around it.
    const placed = result.moves.map((m) => ({ ...boxes.find((b) => b.id === m.id)!, ...m.position }));
    const frames = result.groups.map((g) => g.rect);
    const left = Math.min(...placed.map((p) => p.x), ...frames.map((f) => f.x));
    const top = Math.min(...placed.map((p) => p.y), ...frames.map((f) => f.y));
    const right = Math.max(...placed.map((p) => p.x + p.width), ...frames.map((f) => f.x + f.width));
    const bottom = Math.max(...placed.map((p) => p.y + p.height), ...frames.map((f) => f.y + f.height));
    const spot = findFreeSpot({ x: left, y: top, width: right - left, height: bottom - top }, all.filter((b) => !ids.has(b.id)));
    const dx = Math.round(spot.x - left);
    const dy = Math.round(spot.y - top);
    for (const m of result.moves) m.position = { x: m.position.x + dx, y: m.position.y + dy };
    for (const g of result.groups) g.rect = { ...g.rect, x: g.rect.x + dx, y: g.rect.y + dy };
  }
  useDocStore.getState().dispatch({ type: 'layout', moves: result.moves, groups: result.groups });
  if (!only) fitWhole();
}
