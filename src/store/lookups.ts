import type { GraphEdge, GraphNode } from './documentTypes.ts';

/**
 * Look-ups over the document's lists, computed once per list identity (immer keeps a list's identity
 * while nothing in it changes), so each node can read its own slice in O(1) on every store update.
 */

const nodeMaps = new WeakMap<readonly GraphNode[], Map<string, GraphNode>>();

/** The node with this id, or undefined. */
export function getNode(nodes: readonly GraphNode[], id: string): GraphNode | undefined {
  let map = nodeMaps.get(nodes);
  if (!map) {
    map = new Map();
    for (const n of nodes) if (!map.has(n.id)) map.set(n.id, n);
    nodeMaps.set(nodes, map);
  }
  return map.get(id);
}

/** For each node, for each input port, the edges feeding it (in document order). */
export type IncomingIndex = Map<string, Map<string, GraphEdge[]>>;

const incomingMaps = new WeakMap<readonly GraphEdge[], IncomingIndex>();

function incoming(edges: readonly GraphEdge[]): IncomingIndex {
  let index = incomingMaps.get(edges);
  if (!index) {
    index = new Map();
    for (const edge of edges) {
      let ports = index.get(edge.to.node);
      if (!ports) index.set(edge.to.node, (ports = new Map()));
      const list = ports.get(edge.to.port);
      if (list) list.push(edge);
      else ports.set(edge.to.port, [edge]);
    }
    incomingMaps.set(edges, index);
  }
  return index;
}

const NO_PORTS: ReadonlyMap<string, GraphEdge[]> = new Map();

/** The input ports of a node that have at least one wire, with their edges. */
export function getIncomingPorts(edges: readonly GraphEdge[], node: string): ReadonlyMap<string, GraphEdge[]> {
  return incoming(edges).get(node) ?? NO_PORTS;
}
