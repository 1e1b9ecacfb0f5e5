import { checkWire } from '../src/core/graph/canConnect.ts';
import type { GetTemplate } from '../src/core/model/graph.ts';
import type { NodeTemplate } from '../src/core/model/template.ts';

/**
 * Generated graphs for the editor benchmark: N real endpoint nodes (from `nodes/`) on a grid, with about
 * 1.5 wires per node, every one a valid connection (checked by core's `checkWire`, single inputs fed
 * once, list inputs within their maximum, always from an earlier node so there are no loops). The same
 * layout as plain React Flow nodes and edges for the baseline page. Deterministic (seeded).
 */

export const GRID_COLUMNS = 40;
export const CELL = { width: 380, height: 520 };
/** The opened view: zoom 1, the first nodes in view (as a user sees a large graph when it opens). */
export const VIEWPORT = { x: 240, y: 40, zoom: 1 };

export interface GeneratedGraph {
  /** The `*.weft.json` file text. */
  weft: string;
  /** The same nodes and edges for the bare React Flow page. */
  baseline: string;
  nodes: number;
  edges: number;
  positions: { id: string; x: number; y: number }[];
}

/** Mulberry32: a small seeded PRNG. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Slot {
  node: string;
  port: string;
  kind: string;
  max: number;
  used: number;
}

/** Builds a graph of `n` endpoint nodes from `templates` (endpoint ones only). */
export function generateGraph(n: number, templates: readonly NodeTemplate[], getTemplate: GetTemplate, seed = 7): GeneratedGraph {
  const random = seeded(seed + n);
  const endpoints = templates.filter((t) => t.provider !== 'weft' && t.outputs.length > 0).sort((a, b) => a.id.localeCompare(b.id));
  // Prefer endpoints that take media in (so wires can land), mixed with some that only make media.
  const takers = endpoints.filter((t) => t.inputs.some((f) => f.connectable && ['image', 'video', 'audio'].includes(f.kind)));
  const nodes: { id: string; type: string; schemaHash: string; position: { x: number; y: number }; values: Record<string, never> }[] = [];
  for (let i = 0; i < n; i++) {
    const pool = i % 5 === 0 ? endpoints : takers;
    const t = pool[Math.floor(random() * pool.length)]!;
    nodes.push({
      id: `n${i + 1}`,
      type: t.id,
      schemaHash: t.schemaHash,
      position: { x: (i % GRID_COLUMNS) * CELL.width, y: Math.floor(i / GRID_COLUMNS) * CELL.height },
      values: {},
    });
  }
  const inputs = new Map<string, Slot[]>();
  for (const node of nodes) {
    const t = getTemplate(node.type)!;
    inputs.set(node.id, t.inputs.filter((f) => f.connectable).map((f) => ({ node: node.id, port: f.name, kind: f.kind, max: f.list ? (f.list.max ?? 4) : 1, used: 0 })));
  }
  const edges: { id: string; from: { node: string; port: string }; to: { node: string; port: string } }[] = [];
  const seen = new Set<string>();
  const target = Math.round(n * 1.5);
  for (let attempt = 0; edges.length < target && attempt < target * 40; attempt++) {
    const ti = 1 + Math.floor(random() * (n - 1));
    // A nearby earlier node (grids show wires between neighbours, with some long ones).
    const span = random() < 0.8 ? 1 + Math.floor(random() * Math.min(ti, 45)) : 1 + Math.floor(random() * ti);
    const fi = ti - span;
    const from = nodes[fi]!;
    const to = nodes[ti]!;
    const fromT = getTemplate(from.type)!;
    const toT = getTemplate(to.type)!;
    for (const out of fromT.outputs) {
      const slot = inputs.get(to.id)!.find((s) => s.used < s.max && checkWire({ node: from as never, template: fromT, port: out.name }, { node: to as never, template: toT, port: s.port }).ok);
      if (!slot) continue;
      const key = `${from.id}.${out.name}>${to.id}.${slot.port}`;
      if (seen.has(key)) continue;
      seen.add(key);
      slot.used++;
      edges.push({ id: `e${edges.length + 1}`, from: { node: from.id, port: out.name }, to: { node: to.id, port: slot.port } });
      break;
    }
  }
  const weft = JSON.stringify({ format: 'weft.graph', version: 1, name: `bench-${n}`, nodes, edges, viewport: VIEWPORT });
  const baseline = JSON.stringify({
    viewport: VIEWPORT,
    nodes: nodes.map((node) => ({ id: node.id, position: node.position, data: { label: getTemplate(node.type)!.title } })),
    edges: edges.map((e) => ({ id: e.id, source: e.from.node, target: e.to.node })),
  });
  return { weft, baseline, nodes: n, edges: edges.length, positions: nodes.map((node) => ({ id: node.id, ...node.position })) };
}
