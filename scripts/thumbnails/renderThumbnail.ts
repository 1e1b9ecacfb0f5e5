import type { GetTemplate, Graph } from '../../src/core/model/graph.ts';
import { kindColor } from '../../src/ui/kindColors.ts';
import { estimateLayout } from '../../src/ui/nodes/estimateLayout.ts';
import { parseHandleId } from '../../src/ui/nodes/slots.ts';

/**
 * An example's gallery thumbnail: the graph drawn as a schematic SVG (frames, wires coloured by kind,
 * nodes with a header in their output's colour and a line per field), laid out from the graph file
 * with the canvas's own size estimates. Text, small (~3 kB), deterministic: `npm run thumbnails`
 * writes them and a test fails when one no longer matches its example.
 */

const WIDTH = 320;
const HEIGHT = 180;
const PAD = 40;
const FALLBACK = { width: 320, height: 200 };

const round = (n: number) => Math.round(n * 10) / 10;

export function renderThumbnail(graph: Graph, getTemplate: GetTemplate): string {
  const boxes = new Map(
    graph.nodes.map((n) => {
      const template = getTemplate(n.type);
      const layout = template ? estimateLayout(template, n.values) : { ...FALLBACK, handles: [] };
      return [n.id, { node: n, template, x: n.position.x, y: n.position.y, width: Math.round(layout.width), height: Math.round(layout.height), handles: layout.handles }];
    }),
  );
  const rects = [...[...boxes.values()], ...(graph.groups ?? []).map((g) => g.rect)];
  const left = Math.min(...rects.map((r) => r.x)) - PAD;
  const top = Math.min(...rects.map((r) => r.y)) - PAD;
  const right = Math.max(...rects.map((r) => r.x + r.width)) + PAD;
  const bottom = Math.max(...rects.map((r) => r.y + r.height)) + PAD;
  // Fit the graph into the thumbnail, centred, keeping its proportions.
  const scale = Math.min(WIDTH / (right - left), HEIGHT / (bottom - top));
  const ox = (WIDTH - (right - left) * scale) / 2 - left * scale;
  const oy = (HEIGHT - (bottom - top) * scale) / 2 - top * scale;
  const X = (x: number) => round(ox + x * scale);
  const Y = (y: number) => round(oy + y * scale);
  const S = (d: number) => round(d * scale);

  const parts: string[] = [`<rect width="${WIDTH}" height="${HEIGHT}" rx="8" fill="#121419"/>`];
  for (const g of graph.groups ?? []) {
    const color = g.color ?? '#5b8cff';
    parts.push(`<rect x="${X(g.rect.x)}" y="${Y(g.rect.y)}" width="${S(g.rect.width)}" height="${S(g.rect.height)}" rx="${S(10)}" fill="${color}" fill-opacity="0.14" stroke="${color}" stroke-opacity="0.6"/>`);
  }
  for (const e of graph.edges) {
    const from = boxes.get(e.from.node);
    const to = boxes.get(e.to.node);
    if (!from || !to) continue;
    const out = from.handles.find((h) => h.type === 'source' && h.id === e.from.port);
    const into = to.handles.find((h) => h.type === 'target' && h.id !== undefined && h.id !== null && parseHandleId(h.id).port === e.to.port);
    const x1 = from.x + from.width;
    const y1 = from.y + (out ? out.y + (out.height ?? 0) / 2 : 50);
    const x2 = to.x;
    const y2 = to.y + (into ? into.y + (into.height ?? 0) / 2 : 50);
    const bend = Math.max(40, Math.abs(x2 - x1) / 2);
    const kind = from.template?.outputs.find((o) => o.name === e.from.port)?.kind;
    parts.push(`<path d="M${X(x1)} ${Y(y1)}C${X(x1 + bend)} ${Y(y1)} ${X(x2 - bend)} ${Y(y2)} ${X(x2)} ${Y(y2)}" fill="none" stroke="${kindColor(kind)}" stroke-width="${round(Math.max(1, S(4)))}"/>`);
  }
  for (const b of boxes.values()) {
    const note = b.node.type === 'weft/note';
    const head = note ? '#f2b632' : kindColor(b.template?.outputs[0]?.kind);
    parts.push(`<rect x="${X(b.x)}" y="${Y(b.y)}" width="${S(b.width)}" height="${S(b.height)}" rx="${S(8)}" fill="${note ? '#3a3320' : '#22262f'}" stroke="#4a5262" stroke-width="${round(Math.max(0.5, S(2)))}"/>`);
    parts.push(`<rect x="${X(b.x)}" y="${Y(b.y)}" width="${S(b.width)}" height="${S(36)}" rx="${S(8)}" fill="${head}" fill-opacity="0.85"/>`);
    // One faint line per widget row, so a node reads as a form rather than a blank box.
    const rows = Math.max(0, Math.floor((b.height - 56) / 56));
    for (let k = 0; k < rows; k++) {
      parts.push(`<rect x="${X(b.x + 16)}" y="${Y(b.y + 56 + k * 56)}" width="${S(b.width - 32)}" height="${S(22)}" rx="${S(4)}" fill="#343a46"/>`);
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img">\n${parts.join('\n')}\n</svg>\n`;
}
