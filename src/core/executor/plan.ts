import type { GetTemplate, Graph, GraphEdge, GraphNode } from '../model/graph.ts';
import type { Field, NodeTemplate } from '../model/template.ts';
import { checkWire, nodeLabel } from '../graph/canConnect.ts';
import { findCycle } from '../graph/cycles.ts';
import { orderListEdges } from '../graph/graphIndex.ts';
import { inputsOf } from '../templates/inputsOf.ts';
import { isMediaValue, payloadValue, staticOutputs, STAND_IN } from './values.ts';
import type { NodeOutputs, PlanProblem, RunOptions, Value } from './types.ts';

/**
 * Planning: which nodes a run covers, in what dependency order, and every problem that would waste
 * money — unknown nodes, bad wires, cycles, missing inputs, and each generation node's payload checked
 * by its template's validator with the provider's own messages — all reported at once, before any spend.
 */

/** What a node does in a run. */
export type NodeRole = 'static' | 'job' | 'preview' | 'save';

export interface PlannedNode {
  node: GraphNode;
  template: NodeTemplate;
  role: NodeRole;
  /** The node's input fields (static and per-node dynamic ones). */
  inputs: Field[];
  /** Edges into this node, list inputs in their order. */
  edgesIn: GraphEdge[];
  upstream: string[];
  downstream: string[];
  /** Longest chain of jobs from here to the end (this node included), for scheduling. */
  remaining: number;
}

export interface Plan {
  /** The graph planned. */
  graph: Graph;
  nodes: Map<string, PlannedNode>;
  /** Topological order of the planned nodes. */
  order: string[];
  /** Nodes that must not be served from the cache (`from` mode, re-roll). */
  fresh: Set<string>;
  problems: PlanProblem[];
}

const NOT_RUN = new Set(['weft/note']);

function roleOf(template: NodeTemplate): NodeRole {
  if (template.id === 'weft/preview') return 'preview';
  if (template.id === 'weft/save') return 'save';
  return template.provider === 'weft' ? 'static' : 'job';
}

function closure(start: Iterable<string>, next: (id: string) => Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [...start];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const n of next(id)) if (!seen.has(n)) stack.push(n);
  }
  return seen;
}

export function planRun(graph: Graph, getTemplate: GetTemplate, options: RunOptions = {}, hasProvider: (id: string) => boolean = () => true): Plan {
  const problems: PlanProblem[] = [];
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const into = new Map<string, GraphEdge[]>();
  const outOf = new Map<string, GraphEdge[]>();
  for (const edge of graph.edges) {
    if (!byId.has(edge.from.node) || !byId.has(edge.to.node)) continue;
    (into.get(edge.to.node) ?? into.set(edge.to.node, []).get(edge.to.node)!).push(edge);
    (outOf.get(edge.from.node) ?? outOf.set(edge.from.node, []).get(edge.from.node)!).push(edge);
  }
  const ups = (id: string) => (into.get(id) ?? []).map((e) => e.from.node);
  const downs = (id: string) => (outOf.get(id) ?? []).map((e) => e.to.node);

  // Which nodes this run covers.
  let selected: Set<string>;
  const fresh = new Set<string>(options.reroll ?? []);
  const mode = options.mode ?? 'all';
  if (mode !== 'all') {
    if (!options.target || !byId.has(options.target)) {
      return { graph, nodes: new Map(), order: [], fresh, problems: [{ nodeId: options.target ?? '', message: `There is no node "${options.target ?? ''}" to run ${mode === 'upTo' ? 'up to' : 'from'}.` }] };
    }
  }
  if (mode === 'upTo') selected = closure([options.target!], ups);
  else if (mode === 'from') {
    const below = closure([options.target!], downs);
    for (const id of below) fresh.add(id);
    selected = closure(below, ups);
  } else selected = new Set(graph.nodes.map((n) => n.id));
  for (const id of [...selected]) if (NOT_RUN.has(byId.get(id)!.type)) selected.delete(id);

  // Unknown node types: a problem when something in the run needs them; otherwise left out.
  const needed = new Set<string>();
  for (const id of selected) for (const u of ups(id)) needed.add(u);
  for (const id of [...selected]) {
    const node = byId.get(id)!;
    if (getTemplate(node.type)) continue;
    selected.delete(id);
    if (needed.has(id) || mode !== 'all') problems.push({ nodeId: id, message: `"${node.title ?? node.type}" is a node type Weft does not have (${node.type}); it cannot run.` });
  }

  const sub = { nodes: graph.nodes.filter((n) => selected.has(n.id)), edges: graph.edges.filter((e) => selected.has(e.from.node) && selected.has(e.to.node)) };
  const cycle = findCycle(sub);
  if (cycle) {
    const names = cycle.map((id) => byId.get(id)?.title ?? getTemplate(byId.get(id)?.type ?? '')?.title ?? id);
    problems.push({ nodeId: cycle[0] ?? '', message: `These nodes feed each other in a loop: ${names.join(' → ')}.` });
    return { graph, nodes: new Map(), order: [], fresh, problems };
  }

  const nodes = new Map<string, PlannedNode>();
  for (const node of sub.nodes) {
    const template = getTemplate(node.type)!;
    const edgesIn = sub.edges.filter((e) => e.to.node === node.id);
    const fields = inputsOf(template, node.values);
    const ordered: GraphEdge[] = [];
    for (const field of fields) ordered.push(...orderListEdges(edgesIn.filter((e) => e.to.port === field.name)));
    nodes.set(node.id, {
      node,
      template,
      role: roleOf(template),
      inputs: fields,
      edgesIn: ordered,
      upstream: [...new Set(edgesIn.map((e) => e.from.node))],
      downstream: [...new Set(sub.edges.filter((e) => e.from.node === node.id).map((e) => e.to.node))],
      remaining: 0,
    });
    // Wires: kinds, ports, lists.
    for (const edge of edgesIn) {
      const from = byId.get(edge.from.node)!;
      const wire = checkWire({ node: from, template: getTemplate(from.type), port: edge.from.port }, { node, template, port: edge.to.port });
      if (!wire.ok) problems.push({ nodeId: node.id, field: edge.to.port, message: wire.reason });
      else if (!fields.some((f) => f.name === edge.to.port)) problems.push({ nodeId: node.id, field: edge.to.port, message: `${nodeLabel(node, template)} has no input "${edge.to.port}".` });
    }
    if (template.provider !== 'weft' && !hasProvider(template.provider)) {
      problems.push({ nodeId: node.id, message: `No ${template.provider} provider is configured, so "${nodeLabel(node, template)}" cannot run.` });
    }
  }

  const order = topo(nodes);
  for (const id of [...order].reverse()) {
    const p = nodes.get(id)!;
    const below = Math.max(0, ...p.downstream.map((d) => nodes.get(d)?.remaining ?? 0));
    p.remaining = below + (p.role === 'job' ? 1 : 0);
  }

  // Values that are known before running (text, numbers, templates, URLs), for checking payloads now.
  const known = new Map<string, NodeOutputs | undefined>();
  for (const id of order) {
    const p = nodes.get(id)!;
    const inputs = trialInputs(p, known);
    known.set(id, p.role === 'static' ? staticOutputs(p.template, p.node, inputs.values) : undefined);
    problems.push(...checkNode(p, inputs));
  }
  return { graph, nodes, order, fresh, problems };
}

function topo(nodes: Map<string, PlannedNode>): string[] {
  const indegree = new Map([...nodes.keys()].map((id) => [id, 0]));
  for (const p of nodes.values()) for (const d of p.downstream) indegree.set(d, (indegree.get(d) ?? 0) + 1);
  const ready = [...nodes.keys()].filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    for (const d of nodes.get(id)!.downstream) {
      indegree.set(d, indegree.get(d)! - 1);
      if (indegree.get(d) === 0) ready.push(d);
    }
  }
  return order;
}

/** A node's input values as far as they are known before the run; `unknownFields` are fed by jobs. */
function trialInputs(p: PlannedNode, known: Map<string, NodeOutputs | undefined>): { values: Record<string, Value[] | undefined>; unknownFields: Set<string> } {
  const values: Record<string, Value[] | undefined> = {};
  const unknownFields = new Set<string>();
  for (const edge of p.edgesIn) {
    const outputs = known.get(edge.from.node);
    if (!outputs) {
      unknownFields.add(edge.to.port);
      continue;
    }
    (values[edge.to.port] ??= []).push(...(outputs[edge.from.port] ?? []));
  }
  return { values, unknownFields };
}

/** The template's own validator on the payload this node would send, with stand-ins for job results. */
function checkNode(p: PlannedNode, inputs: { values: Record<string, Value[] | undefined>; unknownFields: Set<string> }): PlanProblem[] {
  const problems: PlanProblem[] = [];
  if (p.role === 'preview' || p.role === 'save') {
    if (p.edgesIn.length === 0) problems.push({ nodeId: p.node.id, field: 'media', message: `Nothing is wired into ${nodeLabel(p.node, p.template)}.` });
    return problems;
  }
  const payload: Record<string, unknown> = {};
  for (const field of p.inputs) {
    if (field.secret) continue;
    if (inputs.unknownFields.has(field.name)) {
      payload[field.name] = standIn(field);
      continue;
    }
    const wired = inputs.values[field.name];
    const value = payloadValue(field, wired, p.node.values[field.name], trialRaw);
    if (value !== undefined) payload[field.name] = value;
  }
  for (const problem of p.template.validate(payload)) {
    if (inputs.unknownFields.has(problem.field)) continue;
    problems.push({ nodeId: p.node.id, field: problem.field || undefined, message: problem.message });
  }
  return problems;
}

/** A known value as payload JSON; media not uploaded yet are stand-in URLs (the real ones come at run time). */
function trialRaw(v: Value): unknown {
  if (isMediaValue(v)) return v.url ?? STAND_IN[v.kind === 'file' ? 'image' : v.kind];
  return v.kind === 'text' ? v.text : v.value;
}

function standIn(field: Field): unknown {
  const one = field.kind === 'image' || field.kind === 'video' || field.kind === 'audio' ? STAND_IN[field.kind] : field.kind === 'integer' || field.kind === 'number' ? (field.min ?? 1) : field.kind === 'boolean' ? false : 'x'.repeat(Math.max(1, field.minLength ?? 1));
  return field.list ? Array.from({ length: Math.max(1, field.list.min) }, () => one) : one;
}
