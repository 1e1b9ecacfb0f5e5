import type { Graph, GraphEdge, GraphNode, Group, Position } from './documentTypes.ts';

/**
 * Copy, cut, paste and duplicate work on fragments: a graph holding the chosen nodes, the wires
 * among them, and the frames around them. A fragment is an ordinary graph file, so what is pasted from
 * the system clipboard (another tab, another user) goes through the same hostile-input loading.
 */

/** The part of `doc` made of these nodes: wires with both ends inside, frames holding only chosen nodes. */
export function extractFragment(doc: Graph, nodeIds: ReadonlySet<string>, groupIds: ReadonlySet<string> = new Set()): Graph {
  const nodes = doc.nodes.filter((n) => nodeIds.has(n.id));
  const edges = doc.edges.filter((e) => nodeIds.has(e.from.node) && nodeIds.has(e.to.node));
  const groups = (doc.groups ?? []).filter((g) => groupIds.has(g.id));
  return { format: doc.format, version: doc.version, name: doc.name, nodes, edges, ...(groups.length ? { groups } : {}) };
}

/** The top-left corner of everything in a fragment (nodes and frames). */
function originOf(fragment: Graph): Position {
  const xs = [...fragment.nodes.map((n) => n.position.x), ...(fragment.groups ?? []).map((g) => g.rect.x)];
  const ys = [...fragment.nodes.map((n) => n.position.y), ...(fragment.groups ?? []).map((g) => g.rect.y)];
  return { x: xs.length ? Math.min(...xs) : 0, y: ys.length ? Math.min(...ys) : 0 };
}

export interface Placement {
  nodes: GraphNode[];
  edges: GraphEdge[];
  groups: Group[];
}

/**
 * The fragment with fresh ids (from `newId`, which must not repeat ids the document uses) and moved
 * so its top-left corner lands at `at`. Values are deep-copied: pasted nodes never share objects.
 */
export function placeFragment(fragment: Graph, at: Position, newId: (prefix: 'n' | 'e' | 'g') => string): Placement {
  const origin = originOf(fragment);
  const dx = at.x - origin.x;
  const dy = at.y - origin.y;
  const ids = new Map<string, string>();
  const nodes = fragment.nodes.map((n) => {
    const id = newId('n');
    ids.set(n.id, id);
    return { ...structuredClone(n), id, position: { x: n.position.x + dx, y: n.position.y + dy } };
  });
  const edges: GraphEdge[] = [];
  for (const e of fragment.edges) {
    const from = ids.get(e.from.node);
    const to = ids.get(e.to.node);
    if (from && to) edges.push({ ...e, id: newId('e'), from: { ...e.from, node: from }, to: { ...e.to, node: to } });
  }
  const groups = (fragment.groups ?? []).map((g) => ({ ...g, id: newId('g'), rect: { ...g.rect, x: g.rect.x + dx, y: g.rect.y + dy } }));
  return { nodes, edges, groups };
}

/** Ids that `placeFragment` can use: counters skipping what the document and this paste already hold. */
export function idMaker(doc: Graph): (prefix: 'n' | 'e' | 'g') => string {
  const taken = new Set<string>([...doc.nodes.map((n) => n.id), ...doc.edges.map((e) => e.id), ...(doc.groups ?? []).map((g) => g.id)]);
  const counters = { n: 0, e: 0, g: 0 };
  return (prefix) => {
    let id: string;
    do id = `${prefix}${++counters[prefix]}`;
    while (taken.has(id));
    taken.add(id);
    return id;
  };
}

/** The nodes whose top-left corner lies inside a frame (the frame carries them when dragged). */
export function nodesInside(doc: Graph, group: Group): string[] {
  const { x, y, width, height } = group.rect;
  return doc.nodes
    .filter((n) => n.position.x >= x && n.position.y >= y && n.position.x <= x + width && n.position.y <= y + height)
    .map((n) => n.id);
}
