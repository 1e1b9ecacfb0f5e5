import { checkWire, nodeLabel, type WireEnd } from '../graph/canConnect.ts';
import { findLoopEdges } from '../graph/cycles.ts';
import { orderListEdges, portKey } from '../graph/graphIndex.ts';
import { connectMessage } from '../graph/messages.ts';
import type { GetTemplate, Graph, GraphEdge, GraphNode } from '../model/graph.ts';
import type { NodeTemplate } from '../model/template.ts';
import { fieldOf } from '../templates/inputsOf.ts';
import { checkNodeValues } from './checkValues.ts';
import { documentMessage, droppedWireMessage, type RawIssue } from './messages.ts';

export interface RepairResult {
  graph: Graph;
  warnings: RawIssue[];
  /** Ids of nodes whose type is not installed: shown as placeholders, kept as saved, never run. */
  placeholders: string[];
}

/** Gives every item a unique id: a repeated id is renamed `<id>~2` (or the next free number). */
function uniqueIds<T extends { id: string }>(items: T[], what: string, list: string, warnings: RawIssue[]): T[] {
  const taken = new Set(items.map((item) => item.id));
  const seen = new Set<string>();
  return items.map((item, i) => {
    if (!seen.has(item.id)) {
      seen.add(item.id);
      return item;
    }
    let n = 2;
    while (taken.has(`${item.id}~${n}`)) n++;
    const renamed = `${item.id}~${n}`;
    taken.add(renamed);
    seen.add(renamed);
    warnings.push({ code: 'duplicate-id', message: documentMessage('duplicate-id', { what, id: item.id, renamed }), path: [list, i, 'id'] });
    return { ...item, id: renamed };
  });
}

/**
 * Repairs a schema-valid graph, warning about each change, so that a damaged or outdated file still
 * opens: repeated ids are renamed; unknown node types stay as placeholders (values and their wires
 * untouched); wires to missing nodes or ports, ill-typed wires, duplicate wires, wires beyond an
 * input's capacity and wires closing a loop are dropped; values are checked (never changed).
 */
export function repairGraph(input: Graph, getTemplate: GetTemplate): RepairResult {
  const warnings: RawIssue[] = [];
  const nodes = uniqueIds(input.nodes, 'node', 'nodes', warnings);
  const edges = uniqueIds(input.edges, 'wire', 'edges', warnings);
  const groups = input.groups ? uniqueIds(input.groups, 'group', 'groups', warnings) : undefined;

  const nodeAt = new Map<string, { node: GraphNode; template: NodeTemplate | undefined; at: number }>();
  const placeholders: string[] = [];
  nodes.forEach((node, at) => {
    const template = getTemplate(node.type);
    nodeAt.set(node.id, { node, template, at });
    if (!template) {
      placeholders.push(node.id);
      warnings.push({ code: 'unknown-node-type', message: documentMessage('unknown-node-type', { node: node.id, type: node.type }), path: ['nodes', at, 'type'] });
    }
  });
  const label = (id: string): string => {
    const entry = nodeAt.get(id);
    return entry ? nodeLabel(entry.node, entry.template) : id;
  };

  // Wire by wire: ends exist, then the rules that need no other wire.
  const fileIndex = new Map<GraphEdge, number>(edges.map((edge, i) => [edge, i]));
  const dropped = new Set<GraphEdge>();
  const drop = (edge: GraphEdge, warning: RawIssue): void => {
    dropped.add(edge);
    warnings.push(warning);
  };
  const into = new Map<string, GraphEdge[]>();
  const pairs = new Set<string>();
  edges.forEach((edge, i) => {
    for (const side of ['from', 'to'] as const) {
      if (!nodeAt.has(edge[side].node)) {
        const reason = connectMessage('node-missing', { node: edge[side].node });
        return drop(edge, { code: 'dangling-edge', message: documentMessage('dangling-edge', { edge: edge.id, reason }), path: ['edges', i, side, 'node'] });
      }
    }
    const from = nodeAt.get(edge.from.node)!;
    const to = nodeAt.get(edge.to.node)!;
    const fromEnd: WireEnd = { node: from.node, template: from.template, port: edge.from.port };
    const toEnd: WireEnd = { node: to.node, template: to.template, port: edge.to.port };
    const wire = checkWire(fromEnd, toEnd);
    if (!wire.ok) {
      if (wire.code === 'output-missing' || wire.code === 'input-missing') {
        const side = wire.code === 'output-missing' ? 'from' : 'to';
        return drop(edge, { code: 'dangling-edge', message: documentMessage('dangling-edge', { edge: edge.id, reason: wire.reason }), path: ['edges', i, side, 'port'] });
      }
      return drop(edge, { code: wire.code, message: droppedWireMessage(edge.id, wire.reason), path: ['edges', i] });
    }
    const pair = `${portKey(edge.from)}\u0001${portKey(edge.to)}`;
    if (pairs.has(pair)) {
      const to = `${label(edge.to.node)} › ${wire.field?.title ?? edge.to.port}`;
      const reason = connectMessage('duplicate-edge', { from: `${label(edge.from.node)} › ${edge.from.port}`, to });
      return drop(edge, { code: 'duplicate-edge', message: droppedWireMessage(edge.id, reason), path: ['edges', i] });
    }
    pairs.add(pair);
    const key = portKey(edge.to);
    const list = into.get(key);
    if (list) list.push(edge);
    else into.set(key, [edge]);
  });

  // Capacity: a single input keeps its first wire; a list input keeps its first `max` in list order.
  for (const list of into.values()) {
    const first = list[0]!;
    const to = nodeAt.get(first.to.node)!;
    const field = to.template && fieldOf(to.template, to.node.values, first.to.port);
    if (!field) continue;
    const toText = `${label(first.to.node)} › ${field.title}`;
    if (field.list) {
      const max = field.list.max;
      if (max === undefined || list.length <= max) continue;
      for (const edge of orderListEdges(list).slice(max)) {
        const reason = connectMessage('list-full', { to: toText, max, count: max });
        drop(edge, { code: 'list-full', message: droppedWireMessage(edge.id, reason), path: ['edges', fileIndex.get(edge)!] });
      }
    } else {
      for (const edge of list.slice(1)) {
        const reason = connectMessage('input-taken', { to: toText, from: `${label(first.from.node)} › ${first.from.port}` });
        drop(edge, { code: 'input-taken', message: droppedWireMessage(edge.id, reason), path: ['edges', fileIndex.get(edge)!] });
      }
    }
  }

  // Loops: drop the wires that close one (depth-first back edges, in file order).
  for (const { edge, loop } of findLoopEdges({ nodes, edges: edges.filter((e) => !dropped.has(e)) })) {
    const reason = connectMessage('cycle', { loop: loop.map(label).join(' → ') });
    drop(edge, { code: 'cycle', message: droppedWireMessage(edge.id, reason), path: ['edges', fileIndex.get(edge)!] });
  }
  const kept = edges.filter((edge) => !dropped.has(edge));

  // Values, for installed nodes; fields fed by a wire are not checked.
  const wired = new Map<string, Set<string>>();
  for (const edge of kept) {
    const set = wired.get(edge.to.node) ?? new Set<string>();
    set.add(edge.to.port);
    wired.set(edge.to.node, set);
  }
  for (const { node, template, at } of nodeAt.values()) {
    if (!template) continue;
    warnings.push(...checkNodeValues(node, template, wired.get(node.id) ?? new Set(), ['nodes', at], `${nodeLabel(node, template)} (${node.id})`));
  }

  const graph: Graph = { ...input, nodes, edges: kept };
  if (groups) graph.groups = groups;
  return { graph, warnings: sortByPath(warnings), placeholders };
}

/** Orders warnings as they appear in the file: by list (nodes, edges, groups), then index. */
function sortByPath(warnings: RawIssue[]): RawIssue[] {
  const rank = (issue: RawIssue): [number, number] => {
    const [list, index] = issue.path;
    return [['nodes', 'edges', 'groups'].indexOf(String(list)), typeof index === 'number' ? index : -1];
  };
  return warnings
    .map((issue, order) => ({ issue, order, key: rank(issue) }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.order - b.order)
    .map(({ issue }) => issue);
}
