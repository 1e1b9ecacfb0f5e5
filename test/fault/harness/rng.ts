/**
 * Every random choice of the fault suite comes from one seed, printed with every failure: `FAULT_SEED=…`
 * replays the same choices (graphs, kill moments, faults, re-run flags). Timing on a busy machine can
 * still move a kill by a few milliseconds; the choices themselves repeat exactly.
 */

export type Rng = (() => number) & { seed: number };

/** mulberry32: small, fast, good enough to pick test cases. */
export function rngFrom(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Object.assign(next, { seed: seed >>> 0 });
}

/** The seed of this run: `FAULT_SEED` when set, else a fresh one. */
export function suiteSeed(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const text = env.FAULT_SEED?.trim();
  if (text) {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`FAULT_SEED must be an integer from 0 to 4294967295, not "${text}"`);
    return n;
  }
  return Math.floor(Math.random() * 0xffffffff);
}

/** A generator for one part of the suite (an iteration, a test), independent of every other part's choices. */
export function derive(seed: number, ...parts: number[]): Rng {
  let h = seed >>> 0;
  for (const part of parts) h = Math.imul(h ^ (part + 0x9e3779b9), 0x85ebca6b) >>> 0;
  return rngFrom(h ^ (h >>> 13));
}

export function pick<T>(rng: () => number, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

export function between(rng: () => number, low: number, high: number): number {
  return low + Math.floor(rng() * (high - low + 1));
}
