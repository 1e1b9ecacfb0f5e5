import type { Graph as DagreGraph, layout as dagreLayout } from '@dagrejs/dagre';
import type { Position, Rect } from '../../core/model/graph.ts';

/** What `layoutGraph` needs of dagre (passed in, so dagre loads only when Arrange is first used). */
export interface LayoutLib {
  Graph: typeof DagreGraph;
  layout: typeof dagreLayout;
}

export interface LayoutInput {
  nodes: readonly (Rect & { id: string })[];
  /** Wires among those nodes, `from` → `to` by node id (in file order, which orders list inputs). */
  edges: readonly { from: string; to: string }[];
  /** Frames to keep their nodes together: the ids of the nodes inside each. */
  groups: readonly { id: string; members: readonly string[] }[];
}

/** Gaps between columns (ranks), between nodes in a column, and around a frame's nodes. */
const RANK_GAP = 90;
const NODE_GAP = 40;
const FRAME_PAD = 28;
const FRAME_TITLE = 34;

/**
 * Lays nodes out left to right by data flow (dagre's layered layout, ComfyUI's "arrange"): sources in
 * the first column, each node right of what feeds it, crossings kept few. Nodes in a frame stay
 * together and the frame is redrawn around them. The result keeps the old top-left corner of the
 * nodes, so arranging does not send the graph elsewhere on the canvas.
 */
export function layoutGraph(lib: LayoutLib, input: LayoutInput): { moves: { id: string; position: Position }[]; groups: { id: string; rect: Rect }[] } {
  if (!input.nodes.length) return { moves: [], groups: [] };
  const g = new lib.Graph({ compound: input.groups.length > 0, multigraph: true });
  g.setGraph({ rankdir: 'LR', ranksep: RANK_GAP, nodesep: NODE_GAP, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(input.nodes.map((n) => n.id));
  for (const n of input.nodes) g.setNode(n.id, { width: n.width, height: n.height });
  const framed = new Set<string>();
  for (const group of input.groups) {
    const members = group.members.filter((id) => ids.has(id) && !framed.has(id));
    if (!members.length) continue;
    const cluster = `\u0000frame:${group.id}`;
    g.setNode(cluster, { paddingTop: FRAME_TITLE + FRAME_PAD, paddingBottom: FRAME_PAD, paddingLeft: FRAME_PAD, paddingRight: FRAME_PAD });
    for (const id of members) {
      framed.add(id);
      g.setParent(id, cluster);
    }
  }
  input.edges.forEach((e, i) => {
    if (ids.has(e.from) && ids.has(e.to) && e.from !== e.to) g.setEdge(e.from, e.to, {}, `e${i}`);
  });
  lib.layout(g);

  const left = Math.min(...input.nodes.map((n) => n.x));
  const top = Math.min(...input.nodes.map((n) => n.y));
  const placed = input.nodes.map((n) => {
    const at = g.node(n.id) as { x: number; y: number };
    return { id: n.id, x: at.x - n.width / 2, y: at.y - n.height / 2, width: n.width, height: n.height };
  });
  // Frames take room above their nodes (the title bar): start the layout low enough to keep it clear.
  const minX = Math.min(...placed.map((p) => p.x - (framed.has(p.id) ? FRAME_PAD : 0)));
  const minY = Math.min(...placed.map((p) => p.y - (framed.has(p.id) ? FRAME_PAD + FRAME_TITLE : 0)));
  const dx = left - minX;
  const dy = top - minY;
  for (const p of placed) {
    p.x = Math.round(p.x + dx);
    p.y = Math.round(p.y + dy);
  }
  const byId = new Map(placed.map((p) => [p.id, p]));
  const groups = input.groups.flatMap((group) => {
    const members = group.members.map((id) => byId.get(id)).filter((p) => p !== undefined);
    if (!members.length) return [];
    const x = Math.min(...members.map((m) => m.x)) - FRAME_PAD;
    const y = Math.min(...members.map((m) => m.y)) - FRAME_PAD - FRAME_TITLE;
    const right = Math.max(...members.map((m) => m.x + m.width)) + FRAME_PAD;
    const bottom = Math.max(...members.map((m) => m.y + m.height)) + FRAME_PAD;
    return [{ id: group.id, rect: { x, y, width: right - x, height: bottom - y } }];
  });
  return { moves: placed.map((p) => ({ id: p.id, position: { x: p.x, y: p.y } })), groups };
}
