import type { GetTemplate, Graph, GraphNode, PortRef } from '../model/graph.ts';
import type { Field, NodeTemplate, Output } from '../model/template.ts';
import { fieldOf } from '../templates/inputsOf.ts';
import { findPath } from './cycles.ts';
import { buildGraphIndex, portKey, type GraphIndex } from './graphIndex.ts';
import { acceptsKind, acceptedKinds, joinKinds } from './kinds.ts';
import { connectMessage, type ConnectCode } from './messages.ts';

export type ConnectRefusal = { ok: false; code: ConnectCode; reason: string };
/**
 * A connection is allowed. `replaces` names the edge already feeding a single input: connecting
 * replaces it (the editor removes that edge and adds the new one, as ComfyUI and xyflow users expect).
 */
export type ConnectResult = { ok: true; replaces?: string } | ConnectRefusal;

function refuse<C extends ConnectCode>(code: C, params: Parameters<typeof connectMessage<C>>[1]): ConnectRefusal {
  return { ok: false, code, reason: connectMessage(code, params) };
}

/** The name a user sees for a node: its own title, else its template's, else its type. */
export function nodeLabel(node: GraphNode, template: NodeTemplate | undefined): string {
  return node.title ?? template?.title ?? node.type;
}

/** A resolved end of a wire: the node and its template (undefined for a placeholder). */
export interface WireEnd {
  node: GraphNode;
  template: NodeTemplate | undefined;
  port: string;
}

/** "Veo 3.1 › Images": node label and port label (an input's title, an output's name). */
function portLabel(end: WireEnd, field?: Field): string {
  return `${nodeLabel(end.node, end.template)} › ${field?.title ?? end.port}`;
}

/**
 * Checks one wire on its own: no self-loop, ports exist, the input is connectable, kinds match, and
 * a list output does not go into a single input. A placeholder end (no template) is not checked.
 * Returns the resolved field and output when both are known.
 */
export function checkWire(
  from: WireEnd,
  to: WireEnd,
): { ok: true; field?: Field; output?: Output } | ConnectRefusal {
  if (from.node.id === to.node.id) return refuse('self-loop', { node: nodeLabel(from.node, from.template) });
  const output = from.template?.outputs.find((o) => o.name === from.port);
  if (from.template && !output) {
    return refuse('output-missing', { node: nodeLabel(from.node, from.template), port: from.port });
  }
  const field = to.template && fieldOf(to.template, to.node.values, to.port);
  if (to.template && !field) return refuse('input-missing', { node: nodeLabel(to.node, to.template), port: to.port });
  if (field && !field.connectable) return refuse('not-connectable', { to: portLabel(to, field) });
  if (field && output) {
    if (!acceptsKind(field, output.kind)) {
      return refuse('kind-mismatch', {
        to: portLabel(to, field),
        accepts: joinKinds(acceptedKinds(field)),
        from: portLabel(from),
        kind: output.kind,
      });
    }
    if (output.list && !field.list) {
      return refuse('list-into-single', { to: portLabel(to, field), kind: output.kind, from: portLabel(from) });
    }
  }
  return { ok: true, field, output };
}

/** Resolves a port reference to its node and template, or refuses (missing node, not installed). */
function resolveEnd(index: GraphIndex, getTemplate: GetTemplate, ref: PortRef): WireEnd | ConnectRefusal {
  const node = index.nodeById.get(ref.node);
  if (!node) return refuse('node-missing', { node: ref.node });
  const template = getTemplate(node.type);
  if (!template) return refuse('unknown-type', { node: node.id, type: node.type });
  return { node, template, port: ref.port };
}

/**
 * Whether a wire from an output to an input may be added to `graph`, and if not, why — with a code
 * from `connectMessages` and a human reason. A single input that is already fed is not refused: the
 * result names the edge the new wire `replaces`. A list input refuses wires beyond `list.max`.
 * Also refused: self-loops, loops, a duplicate wire, missing or unconnectable ports, placeholders.
 */
export function canConnect(graph: Graph, getTemplate: GetTemplate, from: PortRef, to: PortRef): ConnectResult {
  const index = buildGraphIndex(graph);
  const fromEnd = resolveEnd(index, getTemplate, from);
  if ('ok' in fromEnd) return fromEnd;
  const toEnd = resolveEnd(index, getTemplate, to);
  if ('ok' in toEnd) return toEnd;
  const wire = checkWire(fromEnd, toEnd);
  if (!wire.ok) return wire;
  const field = wire.field!;

  const existing = index.edgesInto.get(portKey(to)) ?? [];
  const fromText = portLabel(fromEnd, undefined);
  const toText = portLabel(toEnd, field);
  if (existing.some((edge) => edge.from.node === from.node && edge.from.port === from.port)) {
    return refuse('duplicate-edge', { from: fromText, to: toText });
  }

  const loop = findPath(index, to.node, from.node);
  if (loop) {
    const names = [from.node, ...loop].map((id) => {
      const node = index.nodeById.get(id);
      return node ? nodeLabel(node, getTemplate(node.type)) : id;
    });
    return refuse('cycle', { loop: names.join(' → ') });
  }

  if (field.list) {
    const max = field.list.max;
    if (max !== undefined && existing.length >= max) {
      return refuse('list-full', { to: toText, max, count: existing.length });
    }
    return { ok: true };
  }
  const replaced = existing[0];
  return replaced ? { ok: true, replaces: replaced.id } : { ok: true };
}

/**
 * The edge a new wire into `to` would replace: the one already feeding a single (non-list) input, or
 * `undefined` for a free input, a list input, or an unknown node or port.
 */
export function findReplacedEdge(graph: Graph, getTemplate: GetTemplate, to: PortRef): string | undefined {
  const node = graph.nodes.find((n) => n.id === to.node);
  const template = node && getTemplate(node.type);
  const field = node && template ? fieldOf(template, node.values, to.port) : undefined;
  if (!field || field.list) return undefined;
  return graph.edges.find((edge) => edge.to.node === to.node && edge.to.port === to.port)?.id;
}
