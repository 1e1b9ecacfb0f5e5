import type { Graph, GraphEdge, GraphNode, Group, PortRef, Position, Rect } from '../core/model/graph.ts';

/**
 * The editor's document is the saved file's shape (`Graph` from core): nodes with values keyed by
 * field name, edges between named ports, nothing about the view. Held immutably (immer), so an
 * unchanged node or edge list keeps its identity and lookups can be memoised per list.
 */
export type { Graph, GraphEdge, GraphNode, Group, PortRef, Position, Rect };

/** A new, empty graph. (Literals spelled out here: importing core's constants would pull zod into the first load.) */
export function emptyGraph(name = 'Untitled'): Graph {
  return { format: 'weft.graph', version: 1, name, nodes: [], edges: [] };
}
