import * as dagre from '@dagrejs/dagre';
import { describe, expect, it } from 'vitest';
import { overlaps } from '../../src/core/graph/placement.ts';
import { layoutGraph } from '../../src/ui/editing/layoutGraph.ts';

const box = (id: string, x = 0, y = 0, width = 320, height = 200) => ({ id, x, y, width, height });

function placedBoxes(input: Parameters<typeof layoutGraph>[1]) {
  const result = layoutGraph(dagre, input);
  const at = new Map(result.moves.map((m) => [m.id, m.position]));
  return { result, boxes: input.nodes.map((n) => ({ ...n, ...at.get(n.id)! })) };
}

describe('layoutGraph (Arrange)', () => {
  it('puts every node right of the nodes that feed it', () => {
    // A pile of nodes all at the same spot: text → image → video → preview and save, plus a second text into video.
    const nodes = ['text', 'image', 'motion', 'video', 'preview', 'save'].map((id) => box(id, 50, 50));
    const edges = [
      { from: 'text', to: 'image' },
      { from: 'image', to: 'video' },
      { from: 'motion', to: 'video' },
      { from: 'video', to: 'preview' },
      { from: 'video', to: 'save' },
    ];
    const { boxes } = placedBoxes({ nodes, edges, groups: [] });
    const x = (id: string) => boxes.find((b) => b.id === id)!.x;
    for (const e of edges) expect(x(e.to), `${e.from} → ${e.to}`).toBeGreaterThan(x(e.from) + 320);
    expect(x('preview')).toBe(x('save'));
  });

  it('leaves no two nodes overlapping', () => {
    const nodes = Array.from({ length: 12 }, (_, i) => box(`n${i}`, 0, 0, 320, 100 + 40 * (i % 4)));
    const edges = Array.from({ length: 11 }, (_, i) => ({ from: `n${i % 3}`, to: `n${i + 1}` })).filter((e) => e.from !== e.to);
    const { boxes } = placedBoxes({ nodes, edges, groups: [] });
    for (const a of boxes) for (const b of boxes) if (a !== b) expect(overlaps(a, b), `${a.id} / ${b.id}`).toBe(false);
  });

  it('keeps the top-left corner where the nodes were', () => {
    const nodes = [box('a', 400, 300), box('b', 900, 700)];
    const { boxes } = placedBoxes({ nodes, edges: [{ from: 'a', to: 'b' }], groups: [] });
    expect(Math.min(...boxes.map((b) => b.x))).toBe(400);
    expect(Math.min(...boxes.map((b) => b.y))).toBe(300);
  });

  it('keeps a frame around its nodes, redrawn to fit them, with room for its title', () => {
    const nodes = [box('r1'), box('r2'), box('r3'), box('veo'), box('out')];
    const edges = [
      { from: 'r1', to: 'veo' },
      { from: 'r2', to: 'veo' },
      { from: 'r3', to: 'veo' },
      { from: 'veo', to: 'out' },
    ];
    const { result, boxes } = placedBoxes({ nodes, edges, groups: [{ id: 'refs', members: ['r1', 'r2', 'r3'] }] });
    const frame = result.groups.find((g) => g.id === 'refs')!.rect;
    for (const id of ['r1', 'r2', 'r3']) {
      const b = boxes.find((x) => x.id === id)!;
      expect(b.x).toBeGreaterThan(frame.x);
      expect(b.y).toBeGreaterThan(frame.y + 30);
      expect(b.x + b.width).toBeLessThan(frame.x + frame.width);
      expect(b.y + b.height).toBeLessThan(frame.y + frame.height);
    }
    for (const id of ['veo', 'out']) expect(overlaps(boxes.find((x) => x.id === id)!, frame)).toBe(false);
  });

  it('lays out nothing for no nodes, and ignores wires to nodes not being arranged', () => {
    expect(layoutGraph(dagre, { nodes: [], edges: [], groups: [] })).toEqual({ moves: [], groups: [] });
    const { boxes } = placedBoxes({ nodes: [box('a'), box('b')], edges: [{ from: 'a', to: 'gone' }, { from: 'a', to: 'a' }], groups: [] });
    expect(boxes).toHaveLength(2);
  });
});
