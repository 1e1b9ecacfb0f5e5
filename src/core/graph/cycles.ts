import type { Graph, GraphEdge } from '../model/graph.ts';
import { buildGraphIndex, type GraphIndex } from './graphIndex.ts';

type Wiring = Pick<Graph, 'nodes' | 'edges'>;

/**
 * Walks the graph depth-first (nodes and edges in file order, iteratively so deep chains cannot
 * overflow the stack) and reports each edge that closes a loop, with the loop's node ids.
 * Removing every reported edge leaves the graph acyclic. Edges to missing nodes are ignored.
 */
function walkBackEdges(graph: Wiring, onBackEdge: (edge: GraphEdge, loop: string[]) => boolean): void {
  const index = buildGraphIndex(graph);
  const state = new Map<string, 'open' | 'done'>();
  for (const root of graph.nodes) {
    if (state.has(root.id)) continue;
    const stack: { id: string; next: number }[] = [{ id: root.id, next: 0 }];
    state.set(root.id, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const out = index.edgesFrom.get(top.id) ?? [];
      const edge = out[top.next++];
      if (!edge) {
        state.set(top.id, 'done');
        stack.pop();
        continue;
      }
      const target = edge.to.node;
      if (!index.nodeById.has(target)) continue;
      const seen = state.get(target);
      if (seen === 'open') {
        const start = stack.findIndex((frame) => frame.id === target);
        const loop = [...stack.slice(start).map((frame) => frame.id), target];
        if (onBackEdge(edge, loop)) return;
      } else if (seen === undefined) {
        state.set(target, 'open');
        stack.push({ id: target, next: 0 });
      }
    }
  }
}

/** Finds one loop in the graph, as node ids where the last equals the first; `null` when acyclic. */
export function findCycle(graph: Wiring): string[] | null {
  let found: string[] | null = null;
  walkBackEdges(graph, (_edge, loop) => {
    found = loop;
    return true;
  });
  return found;
}

/** The edges whose removal makes the graph acyclic (DFS back edges, deterministic by file order). */
export function findLoopEdges(graph: Wiring): { edge: GraphEdge; loop: string[] }[] {
  const result: { edge: GraphEdge; loop: string[] }[] = [];
  walkBackEdges(graph, (edge, loop) => {
    result.push({ edge, loop });
    return false;
  });
  return result;
}

export type TopologicalOrder = { ok: true; order: string[] } | { ok: false; cycle: string[] };

/**
 * Orders node ids so every node comes after all nodes feeding it (Kahn's algorithm; ties keep
 * file order). Fails with one loop when the graph has a cycle. Edges to missing nodes are ignored.
 */
export function topologicalOrder(graph: Wiring): TopologicalOrder {
  const index = buildGraphIndex(graph);
  const pending = new Map<string, number>();
  for (const id of index.nodeById.keys()) pending.set(id, 0);
  for (const edge of graph.edges) {
    if (index.nodeById.has(edge.from.node) && pending.has(edge.to.node)) {
      pending.set(edge.to.node, pending.get(edge.to.node)! + 1);
    }
  }
  const order: string[] = [];
  for (const [id, count] of pending) if (count === 0) order.push(id);
  for (let i = 0; i < order.length; i++) {
    for (const edge of index.edgesFrom.get(order[i]!) ?? []) {
      const left = pending.get(edge.to.node);
      if (left === undefined) continue;
      pending.set(edge.to.node, left - 1);
      if (left === 1) order.push(edge.to.node);
    }
  }
  if (order.length === index.nodeById.size) return { ok: true, order };
  return { ok: false, cycle: findCycle(graph) ?? [] };
}

/** A path of node ids from `start` to `goal` along edges (breadth-first, so shortest); `null` if none. */
export function findPath(index: GraphIndex, start: string, goal: string): string[] | null {
  const parent = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    if (id === goal) {
      const path: string[] = [];
      for (let at: string | null = id; at !== null; at = parent.get(at) ?? null) path.push(at);
      return path.reverse();
    }
    for (const edge of index.edgesFrom.get(id) ?? []) {
      if (!parent.has(edge.to.node)) {
        parent.set(edge.to.node, id);
        queue.push(edge.to.node);
      }
    }
  }
  return null;
}
