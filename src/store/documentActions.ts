import type { Graph, GraphEdge, GraphNode, Position } from './documentTypes.ts';

/**
 * Every edit to the document is one of these small typed actions, applied by a pure function. Undo
 * (a later task) records the inverse patches of each action; `entersHistory` says which actions become
 * their own undo step (a drag in progress does not; its final position does).
 */
export type DocAction =
  | { type: 'addNode'; node: GraphNode }
  | { type: 'moveNodes'; moves: { id: string; position: Position }[]; final: boolean }
  /**
   * Sets one field's value (undefined clears it). `drops` names the node's inputs the new value takes
   * away (a placeholder deleted from a text template): their values and the wires into them go in the
   * same step, so one undo brings all of it back.
   */
  | { type: 'setValue'; node: string; field: string; value: unknown; drops?: string[] }
  | { type: 'setTitle'; node: string; title: string | undefined }
  | { type: 'connect'; edge: GraphEdge; replaces?: string }
  | { type: 'remove'; nodes: string[]; edges: string[] };

/** Whether an action becomes a step of undo history. */
export function entersHistory(action: DocAction): boolean {
  return action.type !== 'moveNodes' || action.final;
}

function findNode(graph: Graph, id: string): GraphNode | undefined {
  return graph.nodes.find((n) => n.id === id);
}

/**
 * Applies one action to a graph in place (an immer draft, or a plain object in tests). Actions that
 * name a missing node or repeat an existing id change nothing: the document never gets dangling edges.
 */
export function applyDocAction(graph: Graph, action: DocAction): void {
  switch (action.type) {
    case 'addNode': {
      if (!findNode(graph, action.node.id)) graph.nodes.push(action.node);
      return;
    }
    case 'moveNodes': {
      const byId = new Map(action.moves.map((m) => [m.id, m.position]));
      for (const node of graph.nodes) {
        const p = byId.get(node.id);
        if (p && (node.position.x !== p.x || node.position.y !== p.y)) node.position = { x: p.x, y: p.y };
      }
      return;
    }
    case 'setValue': {
      const node = findNode(graph, action.node);
      if (!node) return;
      if (action.value === undefined) delete node.values[action.field];
      else node.values[action.field] = action.value as GraphNode['values'][string];
      if (action.drops?.length) {
        const drops = new Set(action.drops.filter((name) => name !== action.field));
        for (const name of drops) delete node.values[name];
        const into = (e: GraphEdge) => e.to.node === action.node && drops.has(e.to.port);
        if (graph.edges.some(into)) graph.edges = graph.edges.filter((e) => !into(e));
      }
      return;
    }
    case 'setTitle': {
      const node = findNode(graph, action.node);
      if (!node) return;
      if (action.title === undefined || action.title.trim() === '') delete node.title;
      else node.title = action.title;
      return;
    }
    case 'connect': {
      const { id, from, to } = action.edge;
      if (!findNode(graph, from.node) || !findNode(graph, to.node)) return;
      if (graph.edges.some((e) => e.id === id)) return;
      if (action.replaces !== undefined) graph.edges = graph.edges.filter((e) => e.id !== action.replaces);
      graph.edges.push(action.edge);
      return;
    }
    case 'remove': {
      const nodes = new Set(action.nodes);
      const edges = new Set(action.edges);
      if (nodes.size) graph.nodes = graph.nodes.filter((n) => !nodes.has(n.id));
      graph.edges = graph.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.from.node) && !nodes.has(e.to.node));
      return;
    }
  }
}
