import { describe, expect, it } from 'vitest';
import { boundsOf, findFreeSpot, overlaps, pushAside, type PlacedBox } from '../../../src/core/graph/placement.ts';
import type { Rect } from '../../../src/core/model/graph.ts';

const box = (x: number, y: number, width = 100, height = 100): Rect => ({ x, y, width, height });
const placed = (id: string, x: number, y: number, width = 100, height = 100): PlacedBox => ({ id, x, y, width, height });

describe('findFreeSpot', () => {
  it('keeps the wanted spot when nothing is there', () => {
    expect(findFreeSpot(box(10, 20), [box(500, 500)])).toEqual({ x: 10, y: 20 });
  });

  it('keeps the wanted spot on an empty canvas', () => {
    expect(findFreeSpot(box(-40, 7), [])).toEqual({ x: -40, y: 7 });
  });

  it('moves a box off a node it would cover, to the nearest side, keeping the gap', () => {
    // Mostly below the obstacle: the nearest free spot is straight below it.
    const spot = findFreeSpot(box(0, 60), [box(0, 0)], 20);
    expect(spot).toEqual({ x: 0, y: 120 });
  });

  it('never returns a spot that overlaps any obstacle, however crowded', () => {
    // A 10 × 10 grid of nodes with small gaps between them, and wanted spots all over it.
    const grid: Rect[] = [];
    for (let i = 0; i < 10; i++) for (let j = 0; j < 10; j++) grid.push(box(i * 130, j * 130));
    for (const want of [box(0, 0), box(260, 390), box(1200, 1200), box(65, 65, 300, 500), box(-50, 600)]) {
      const spot = findFreeSpot(want, grid, 24);
      const at = { ...want, ...spot };
      expect(grid.some((o) => overlaps(at, o, 24)), JSON.stringify({ want, spot })).toBe(false);
    }
  });

  it('finds the nearest of the free spots, not merely a free one', () => {
    // Two tall nodes side by side; the wanted box sits on the left one, near its left edge.
    const spot = findFreeSpot(box(10, 100), [box(0, 0, 100, 300), box(130, 0, 100, 300)], 10);
    expect(spot).toEqual({ x: -110, y: 100 });
  });

  it('prefers below over above, and right over left, when they are as near', () => {
    expect(findFreeSpot(box(0, 0), [box(0, 0)], 0)).toEqual({ x: 0, y: 100 });
    expect(findFreeSpot(box(0, 0, 100, 300), [box(0, 0, 100, 300)], 0)).toEqual({ x: 100, y: 0 });
  });

  it('places a large box (a pasted group) clear of everything it would touch', () => {
    const nodes = [box(0, 0), box(200, 0), box(400, 0), box(0, 200), box(200, 200)];
    const want = box(50, 50, 500, 300);
    const spot = findFreeSpot(want, nodes, 24);
    expect(nodes.some((o) => overlaps({ ...want, ...spot }, o, 24))).toBe(false);
  });

  it('stays fast on a 1,000-node graph: the result is free and near', () => {
    const many: Rect[] = [];
    for (let i = 0; i < 1000; i++) many.push(box((i % 40) * 140, Math.floor(i / 40) * 140));
    const spot = findFreeSpot(box(700, 700), many, 24);
    expect(many.some((o) => overlaps({ ...box(700, 700), ...spot }, o, 24))).toBe(false);
  });
});

describe('pushAside', () => {
  it('pushes the node below a growing node down, just clear of it', () => {
    const moves = pushAside('p', box(0, 0, 100, 100), box(0, 0, 100, 300), [placed('p', 0, 0), placed('below', 0, 150)], 20);
    expect(moves).toEqual([{ id: 'below', position: { x: 0, y: 320 } }]);
  });

  it('pushes a node beside a widening node to the right', () => {
    const moves = pushAside('p', box(0, 0, 100, 100), box(0, 0, 300, 100), [placed('right', 150, 0)], 20);
    expect(moves).toEqual([{ id: 'right', position: { x: 320, y: 0 } }]);
  });

  it('pushes in turn the nodes a pushed node now covers (a column below)', () => {
    const column = [placed('a', 0, 150), placed('b', 0, 300), placed('c', 0, 450)];
    const moves = pushAside('p', box(0, 0, 100, 100), box(0, 0, 100, 400), column, 20);
    const at = new Map(moves.map((m) => [m.id, m.position.y]));
    expect(at.get('a')).toBe(420);
    expect(at.get('b')!).toBeGreaterThanOrEqual(540);
    expect(at.get('c')!).toBeGreaterThanOrEqual(at.get('b')! + 100);
  });

  it('leaves alone nodes it does not reach, and nodes the user had already overlapped', () => {
    const others = [placed('far', 0, 900), placed('under', 20, 20), placed('side', 500, 0)];
    expect(pushAside('p', box(0, 0, 100, 100), box(0, 0, 100, 300), others, 20)).toEqual([]);
  });

  it('does nothing when a node shrinks', () => {
    expect(pushAside('p', box(0, 0, 100, 300), box(0, 0, 100, 100), [placed('below', 0, 350)])).toEqual([]);
  });
});

describe('boundsOf', () => {
  it('is the box around every box, and undefined for none', () => {
    expect(boundsOf([box(0, 0), box(200, -50, 10, 10)])).toEqual({ x: 0, y: -50, width: 210, height: 150 });
    expect(boundsOf([])).toBeUndefined();
  });
});
