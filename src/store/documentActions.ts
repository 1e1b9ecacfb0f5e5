import type { CustomEndpointDefinition } from '../core/model/graph.ts';
import type { Graph, GraphEdge, GraphNode, Group, Position, Rect } from './documentTypes.ts';

/**
 * Every edit to the document is one of these small typed actions, applied by a pure function. The
 * store keeps undo history as document snapshots (immer shares everything unchanged); `entersHistory`
 * says which actions become their own undo step (a drag in progress does not; its final position does)
 * and `coalesceKey` which rapid repeats merge into one step (typing in one field).
 */
export type DocAction =
  | { type: 'addNode'; node: GraphNode }
  /** Pastes or duplicates: nodes, the wires among them (and wires into them), and frames, in one step. */
  | { type: 'insert'; nodes: GraphNode[]; edges: GraphEdge[]; groups?: Group[] }
  | { type: 'setName'; name: string }
  | { type: 'addGroup'; group: Group }
  /** Moves, resizes, renames or recolours a frame. `carry` moves these nodes by the same offset (a dragged frame takes its nodes along). */
  | { type: 'updateGroup'; id: string; rect?: Rect; title?: string; color?: string; carry?: string[]; final?: boolean }
  | { type: 'moveNodes'; moves: { id: string; position: Position }[]; final: boolean }
  /**
   * Sets one field's value (undefined clears it). `drops` names the node's inputs the new value takes
   * away (a placeholder deleted from a text template): their values and the wires into them go in the
   * same step, so one undo brings all of it back.
   */
  | { type: 'setValue'; node: string; field: string; value: unknown; drops?: string[]; unwire?: string[]; reset?: Record<string, unknown> }
  | { type: 'setTitle'; node: string; title: string | undefined }
  /** "Update to the current schema": each node's values and schema hash replaced (core's acceptSchemaChanges decided them), in one step. */
  | { type: 'updateSchema'; nodes: { id: string; schemaHash: string; values: GraphNode['values'] }[] }
  /** Bypasses (or un-bypasses) nodes: one step for the whole selection. */
  | { type: 'setBypass'; nodes: string[]; bypass: boolean }
  /** How nodes are drawn, saved with them: collapsed or not. Several nodes at once are one step. */
  | { type: 'setNodeView'; nodes: string[]; collapsed?: boolean }
  /** Arrange: new positions for nodes and new rectangles for frames, as one step. */
  | { type: 'layout'; moves: { id: string; position: Position }[]; groups: { id: string; rect: Rect }[] }
  | { type: 'connect'; edge: GraphEdge; replaces?: string }
  | { type: 'remove'; nodes: string[]; edges: string[]; groups?: string[] }
  /**
   * The custom endpoint definitions the document carries for its `custom/…` nodes. Not an edit of the
   * user's: it follows from the nodes and the settings, so it is never an undo step (see `isDerived`).
   */
  | { type: 'carryDefinitions'; definitions: CustomEndpointDefinition[] };

/** Actions that follow from the document rather than change it for the user: outside undo history altogether (not even part of the next step). */
export function isDerived(action: DocAction): boolean {
  return action.type === 'carryDefinitions';
}

/** Whether an action becomes a step of undo history. */
export function entersHistory(action: DocAction): boolean {
  if (isDerived(action)) return false;
  if (action.type === 'moveNodes') return action.final;
  if (action.type === 'updateGroup') return action.final !== false;
  return true;
}

/** Actions with the same key, made within a moment of each other, merge into one undo step. */
export function coalesceKey(action: DocAction): string | undefined {
  switch (action.type) {
    case 'setValue':
      return action.drops?.length || action.unwire?.length || action.reset ? undefined : `value\u0000${action.node}\u0000${action.field}`;
    case 'setTitle':
      return `title\u0000${action.node}`;
    case 'setName':
      return 'name';
    case 'updateGroup':
      return action.rect ? undefined : `group\u0000${action.id}`;
    default:
      return undefined;
  }
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
    case 'insert': {
      const nodeIds = new Set(graph.nodes.map((n) => n.id));
      for (const n of action.nodes) {
        if (nodeIds.has(n.id)) continue;
        nodeIds.add(n.id);
        graph.nodes.push(n);
      }
      const edgeIds = new Set(graph.edges.map((e) => e.id));
      for (const e of action.edges) {
        if (edgeIds.has(e.id) || !nodeIds.has(e.from.node) || !nodeIds.has(e.to.node)) continue;
        edgeIds.add(e.id);
        graph.edges.push(e);
      }
      if (action.groups?.length) {
        const groups = (graph.groups ??= []);
        const groupIds = new Set(groups.map((g) => g.id));
        for (const g of action.groups) if (!groupIds.has(g.id)) groups.push(g);
      }
      return;
    }
    case 'setName': {
      graph.name = action.name;
      return;
    }
    case 'addGroup': {
      const groups = (graph.groups ??= []);
      if (!groups.some((g) => g.id === action.group.id)) groups.push(action.group);
      return;
    }
    case 'updateGroup': {
      const group = graph.groups?.find((g) => g.id === action.id);
      if (!group) return;
      if (action.rect) {
        const dx = action.rect.x - group.rect.x;
        const dy = action.rect.y - group.rect.y;
        if (action.carry?.length && (dx !== 0 || dy !== 0)) {
          const carry = new Set(action.carry);
          for (const node of graph.nodes) if (carry.has(node.id)) node.position = { x: node.position.x + dx, y: node.position.y + dy };
        }
        group.rect = { ...action.rect };
      }
      if (action.title !== undefined) group.title = action.title;
      if (action.color !== undefined) group.color = action.color;
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
      for (const [name, value] of Object.entries(action.reset ?? {})) {
        // Values the new variant does not allow go back to its defaults, in the same step.
        if (name === action.field) continue;
        if (value === undefined) delete node.values[name];
        else node.values[name] = value as GraphNode['values'][string];
      }
      if (action.unwire?.length) {
        // Inputs another variant hides: their wires go, their values stay for when the user switches back.
        const hidden = new Set(action.unwire.filter((name) => name !== action.field));
        const into = (e: GraphEdge) => e.to.node === action.node && hidden.has(e.to.port);
        if (graph.edges.some(into)) graph.edges = graph.edges.filter((e) => !into(e));
      }
      return;
    }
    case 'updateSchema': {
      for (const update of action.nodes) {
        const node = findNode(graph, update.id);
        if (!node) continue;
        node.schemaHash = update.schemaHash;
        node.values = { ...update.values };
      }
      return;
    }
    case 'carryDefinitions': {
      if (action.definitions.length > 0) graph.customEndpoints = action.definitions;
      else delete graph.customEndpoints;
      return;
    }
    case 'setTitle': {
      const node = findNode(graph, action.node);
      if (!node) return;
      if (action.title === undefined || action.title.trim() === '') delete node.title;
      else node.title = action.title;
      return;
    }
    case 'setBypass': {
      const ids = new Set(action.nodes);
      for (const node of graph.nodes) {
        if (!ids.has(node.id) || (node.bypass === true) === action.bypass) continue;
        if (action.bypass) node.bypass = true;
        else delete node.bypass;
      }
      return;
    }
    case 'setNodeView': {
      const ids = new Set(action.nodes);
      for (const node of graph.nodes) {
        if (!ids.has(node.id)) continue;
        if (action.collapsed !== undefined && action.collapsed !== (node.collapsed === true)) {
          if (action.collapsed) node.collapsed = true;
          else delete node.collapsed;
        }
      }
      return;
    }
    case 'layout': {
      applyDocAction(graph, { type: 'moveNodes', moves: action.moves, final: true });
      const rects = new Map(action.groups.map((g) => [g.id, g.rect]));
      for (const group of graph.groups ?? []) {
        const rect = rects.get(group.id);
        if (rect) group.rect = { ...rect };
      }
      return;
    }
    case 'connect': {
      const { id, from, to } = action.edge;
      if (!findNode(graph, from.node) || !findNode(graph, to.node)) return;
      if (graph.edges.some((e) => e.id === id)) return;
      // A replaced wire's place (its list slot, its position in the file) goes to the new one.
      const at = action.replaces === undefined ? -1 : graph.edges.findIndex((e) => e.id === action.replaces);
      if (at < 0) {
        graph.edges.push(action.edge);
        return;
      }
      const old = graph.edges[at]!;
      graph.edges[at] = old.index !== undefined && action.edge.index === undefined ? { ...action.edge, index: old.index } : action.edge;
      return;
    }
    case 'remove': {
      const nodes = new Set(action.nodes);
      const edges = new Set(action.edges);
      // Reassign a list only when something leaves it, so a no-op keeps the document's identity.
      if (graph.nodes.some((n) => nodes.has(n.id))) graph.nodes = graph.nodes.filter((n) => !nodes.has(n.id));
      const cut = (e: GraphEdge) => edges.has(e.id) || nodes.has(e.from.node) || nodes.has(e.to.node);
      if (graph.edges.some(cut)) graph.edges = graph.edges.filter((e) => !cut(e));
      if (action.groups?.length && graph.groups?.some((g) => action.groups!.includes(g.id))) {
        const groups = new Set(action.groups);
        graph.groups = graph.groups.filter((g) => !groups.has(g.id));
        if (graph.groups.length === 0) delete graph.groups;
      }
      return;
    }
  }
}
