import type { GetTemplate, Graph, GraphEdge, GraphNode, PortRef } from '../model/graph.ts';
import { inputsOf } from '../templates/inputsOf.ts';
import { nodeLabel } from './canConnect.ts';
import { orderListEdges } from './graphIndex.ts';

/** Something a host should tell the user about a bypassed node (shown as a run warning). */
export interface BypassNote {
  nodeId: string;
  message: string;
}

/**
 * The graph a run sees when some nodes are bypassed (ComfyUI's "bypass"): every bypassed node is
 * removed, and each wire that left one of its outputs is fed instead by what came into its first
 * input of the same kind (wired to that input, in list order) — so a bypassed upscaler passes its
 * image on, and nothing is submitted for it. An output with no input of its kind passes nothing on:
 * its wires go, with a note, and the node downstream is planned without them (a required input
 * then says so before anything is spent). Chains of bypassed nodes pass through each in turn. Pure:
 * hosts (the editor's run, `weft run`) apply it before planning.
 */
export function applyBypass(graph: Graph, getTemplate: GetTemplate): { graph: Graph; bypassed: string[]; notes: BypassNote[] } {
  const bypassed = new Map<string, GraphNode>(graph.nodes.filter((n) => n.bypass).map((n) => [n.id, n]));
  if (bypassed.size === 0) return { graph, bypassed: [], notes: [] };
  const notes: BypassNote[] = [];
  const noted = new Set<string>();
  const note = (nodeId: string, message: string) => {
    if (noted.has(`${nodeId}\u0000${message}`)) return;
    noted.add(`${nodeId}\u0000${message}`);
    notes.push({ nodeId, message });
  };
  const nodeById = new Map(graph.nodes.map((n) => [n.id, n]));
  const kindOf = (ref: PortRef) => {
    const node = nodeById.get(ref.node);
    return node ? getTemplate(node.type)?.outputs.find((o) => o.name === ref.port)?.kind : undefined;
  };

  /** The real outputs that stand in for `ref` (an output of a bypassed node), in order. */
  const resolving = new Set<string>();
  const resolve = (ref: PortRef): PortRef[] => {
    const node = bypassed.get(ref.node);
    if (!node) return [ref];
    const key = `${ref.node}\u0000${ref.port}`;
    if (resolving.has(key)) return []; // a loop of bypassed nodes passes nothing
    resolving.add(key);
    try {
      const template = getTemplate(node.type);
      const kind = kindOf(ref);
      const title = nodeLabel(node, template);
      if (!template || !kind) {
        note(node.id, `${title} is bypassed, and its kinds are unknown: nothing passes through it.`);
        return [];
      }
      for (const field of inputsOf(template, node.values)) {
        const into = orderListEdges(graph.edges.filter((e) => e.to.node === node.id && e.to.port === field.name && kindOf(e.from) === kind));
        if (into.length) return into.flatMap((e) => resolve(e.from));
      }
      note(node.id, `${title} is bypassed and has no ${kind} input to pass on: what it fed gets nothing from it.`);
      return [];
    } finally {
      resolving.delete(key);
    }
  };

  const edges: GraphEdge[] = [];
  const ids = new Set(graph.edges.map((e) => e.id));
  for (const edge of graph.edges) {
    if (bypassed.has(edge.to.node)) continue;
    if (!bypassed.has(edge.from.node)) {
      edges.push(edge);
      continue;
    }
    const sources = resolve(edge.from);
    const target = nodeById.get(edge.to.node);
    const template = target && getTemplate(target.type);
    const list = template && inputsOf(template, target.values).find((f) => f.name === edge.to.port)?.list;
    sources.slice(0, list ? sources.length : 1).forEach((from, k) => {
      let id = k === 0 ? edge.id : `${edge.id}~${k}`;
      while (k > 0 && ids.has(id)) id += '~';
      ids.add(id);
      edges.push({ ...edge, id, from });
    });
  }
  // A list input fed twice by the same output through a bypass keeps one wire.
  const seen = new Set<string>();
  const unique = edges.filter((e) => {
    const key = `${e.from.node}\u0000${e.from.port}\u0000${e.to.node}\u0000${e.to.port}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    graph: { ...graph, nodes: graph.nodes.filter((n) => !bypassed.has(n.id)), edges: unique },
    bypassed: [...bypassed.keys()],
    notes,
  };
}
