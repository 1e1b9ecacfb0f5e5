import type { Position, Rect } from '../model/graph.ts';

/**
 * Where new things go on the canvas: a node (or a pasted group of nodes) never lands on top of
 * another, and a node that grows pushes aside the nodes it would now cover. Pure geometry on boxes in
 * canvas units; the editor supplies the boxes (measured sizes, else estimates).
 */

/** Space kept between a placed box and its neighbours. */
export const PLACEMENT_GAP = 24;

/** Whether two boxes overlap once `a` is grown by `gap` on every side. */
export function overlaps(a: Rect, b: Rect, gap = 0): boolean {
  return a.x - gap < b.x + b.width && b.x < a.x + a.width + gap && a.y - gap < b.y + b.height && b.y < a.y + a.height + gap;
}

function distance(a: Position, b: Position): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/**
 * The top-left corner nearest `want` at which a box of `want`'s size touches none of `obstacles`
 * (keeping `gap` clear). `want` itself when it is free. The nearest free spot lies at `want`'s own x
 * or y, or flush against an obstacle's edge on each axis, so only those coordinates are tried: first
 * against the obstacles near `want`, widening the neighbourhood until a spot is free everywhere.
 * Ties go to the spot below, then to the right (reading order).
 */
export function findFreeSpot(want: Rect, obstacles: readonly Rect[], gap = PLACEMENT_GAP): Position {
  const blocked = (x: number, y: number) => obstacles.some((o) => overlaps({ x, y, width: want.width, height: want.height }, o, gap));
  if (!blocked(want.x, want.y)) return { x: want.x, y: want.y };
  let reach = Math.max(want.width, want.height) * 2;
  for (;;) {
    const near = obstacles.filter((o) => overlaps({ x: want.x - reach, y: want.y - reach, width: want.width + 2 * reach, height: want.height + 2 * reach }, o));
    const xs = new Set([want.x]);
    const ys = new Set([want.y]);
    for (const o of near) {
      xs.add(o.x + o.width + gap);
      xs.add(o.x - want.width - gap);
      ys.add(o.y + o.height + gap);
      ys.add(o.y - want.height - gap);
    }
    const candidates: Position[] = [];
    for (const x of xs) for (const y of ys) candidates.push({ x, y });
    candidates.sort((a, b) => distance(a, want) - distance(b, want) || b.y - a.y || b.x - a.x);
    const all = near.length === obstacles.length;
    for (const c of candidates) {
      // A spot farther than `reach` might sit on an obstacle not considered yet: widen first. With
      // every obstacle considered, the spot right of the rightmost one is always free, so this ends.
      if (!all && distance(c, want) > reach) break;
      if (!blocked(c.x, c.y)) return c;
    }
    reach *= 2;
  }
}

/** A box with an id (a node on the canvas). */
export interface PlacedBox extends Rect {
  id: string;
}

/**
 * Moves that keep a node which grew from `before` to `after` off its neighbours: what it now covers
 * moves down (taller) or right (wider), just clear of it, and what those cover moves in turn. Nodes are
 * swept in order along the push, each moved at most once and only by nodes that started before it, so
 * a column keeps its order. A node that already overlapped the grown one (or a pushed one) stays put:
 * the user put it there.
 */
export function pushAside(grown: string, before: Rect, after: Rect, others: readonly PlacedBox[], gap = PLACEMENT_GAP): { id: string; position: Position }[] {
  const boxes = others.filter((o) => o.id !== grown).map((o) => ({ ...o }));
  const moved = new Set<string>();
  const sweep = (axis: 'x' | 'y', from: Rect, to: Rect) => {
    const size = axis === 'y' ? 'height' : 'width';
    if (to[axis] + to[size] <= from[axis] + from[size]) return;
    const pushers = [{ before: from, after: to }];
    for (const box of [...boxes].sort((a, b) => a[axis] - b[axis])) {
      const start: Rect = { ...box };
      for (let changed = true; changed; ) {
        changed = false;
        for (const p of pushers) {
          if (start[axis] < p.before[axis] || overlaps(p.before, start) || !overlaps(p.after, box, gap)) continue;
          box[axis] = p.after[axis] + p.after[size] + gap;
          changed = true;
        }
      }
      if (box[axis] !== start[axis]) {
        moved.add(box.id);
        pushers.push({ before: start, after: { ...box } });
      }
    }
  };
  sweep('y', before, { ...before, height: after.height, width: Math.min(before.width, after.width) });
  sweep('x', { ...before, height: after.height }, after);
  return boxes.filter((b) => moved.has(b.id)).map((b) => ({ id: b.id, position: { x: b.x, y: b.y } }));
}

/** The smallest box holding every box given (undefined for none). */
export function boundsOf(boxes: readonly Rect[]): Rect | undefined {
  if (!boxes.length) return undefined;
  const left = Math.min(...boxes.map((b) => b.x));
  const top = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}
