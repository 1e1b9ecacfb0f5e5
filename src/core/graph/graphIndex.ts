import type { Graph, GraphEdge, GraphNode, PortRef } from '../model/graph.ts';

/** Look-ups over one graph, built once in O(nodes + edges) so rules need not scan the lists. */
export interface GraphIndex {
  nodeById: Map<string, GraphNode>;
  /** Edges into each input, keyed by `portKey(to)`, in file order. */
  edgesInto: Map<string, GraphEdge[]>;
  /** Edges leaving each node, keyed by node id, in file order. */
  edgesFrom: Map<string, GraphEdge[]>;
}

/** A map key for a port: node id and port name (NUL cannot occur in either meaningfully). */
export function portKey(ref: PortRef): string {
  return `${ref.node}\u0000${ref.port}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Builds the look-ups for `graph`. When ids repeat, the first node with an id wins. */
export function buildGraphIndex(graph: Pick<Graph, 'nodes' | 'edges'>): GraphIndex {
  const nodeById = new Map<string, GraphNode>();
  for (const node of graph.nodes) if (!nodeById.has(node.id)) nodeById.set(node.id, node);
  const edgesInto = new Map<string, GraphEdge[]>();
  const edgesFrom = new Map<string, GraphEdge[]>();
  for (const edge of graph.edges) {
    push(edgesInto, portKey(edge.to), edge);
    push(edgesFrom, edge.from.node, edge);
  }
  return { nodeById, edgesInto, edgesFrom };
}

/**
 * Orders the edges into one list input: by `index` ascending, then edges without an index in the
 * order given (file order). Stable, so equal indexes keep file order too.
 */
export function orderListEdges(edges: readonly GraphEdge[]): GraphEdge[] {
  return edges
    .map((edge, position) => ({ edge, position }))
    .sort((a, b) => (a.edge.index ?? Infinity) - (b.edge.index ?? Infinity) || a.position - b.position)
    .map(({ edge }) => edge);
}

/** The edges feeding one input, in the order their values are passed (see `orderListEdges`). */
export function getInputEdges(graph: Pick<Graph, 'edges'>, to: PortRef): GraphEdge[] {
  return orderListEdges(graph.edges.filter((edge) => edge.to.node === to.node && edge.to.port === to.port));
}
