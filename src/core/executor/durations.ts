import type { RecordStore } from './storage.ts';
import type { CacheEntry, PollPolicy } from './types.ts';

/**
 * How long an endpoint's jobs take, learned from the jobs this executor followed (and kept in the
 * cache store, so the next session knows too). A job's end is only seen at a poll, so each finished job
 * gives a window: it was still running at `lo` ms after its submit and done at `hi`. Windows of
 * successive jobs are intersected, and each new job first polls in the middle of the window (a bisection
 * step), so for steady durations the window narrows to a few milliseconds and a job needs about two
 * status calls (an early one that catches quick failures, one at the expected end) instead of dozens.
 * When a job breaks the window (the endpoint got slower or faster) the window starts over from it.
 */

export interface DurationWindow {
  lo: number;
  hi: number;
}

const PREFIX = 'duration:';
/** Below this width (ms, or this share of `hi`) the window is taken as known: poll at its end. */
const TIGHT_MS = 50;
const TIGHT_SHARE = 0.01;

export class DurationMemory {
  private readonly windows = new Map<string, Promise<DurationWindow | undefined>>();
  /** Durations seen this session, per provider (any endpoint): hints for the provider's unknown endpoints. */
  private readonly seen = new Map<string, Set<number>>();
  private readonly cache: RecordStore<CacheEntry>;
  private readonly now: () => number;

  constructor(cache: RecordStore<CacheEntry>, now: () => number) {
    this.cache = cache;
    this.now = now;
  }

  /** The learned window for a provider's endpoint, if any job of it finished before. */
  get(key: string): Promise<DurationWindow | undefined> {
    let known = this.windows.get(key);
    if (!known) {
      known = this.cache.get(PREFIX + key).then(
        (entry) => {
          const v = entry?.outputs.window?.[0];
          const w = v && v.kind === 'json' ? (v.value as Partial<DurationWindow>) : undefined;
          return w && typeof w.lo === 'number' && typeof w.hi === 'number' && w.hi > 0 && w.lo >= 0 && w.lo < w.hi ? { lo: w.lo, hi: w.hi } : undefined;
        },
        () => undefined,
      );
      this.windows.set(key, known);
    }
    return known;
  }

  /** Durations seen this session for any endpoint of `provider`. */
  hints(provider: string): Iterable<number> {
    return this.seen.get(provider) ?? [];
  }

  /** Records a finished job: still running at `lo` ms (0 if never seen running), done at `hi` ms after submit. */
  async observe(key: string, lo: number, hi: number): Promise<void> {
    const before = await this.get(key);
    let next: DurationWindow = { lo, hi };
    if (before && Math.max(before.lo, lo) < Math.min(before.hi, hi)) next = { lo: Math.max(before.lo, lo), hi: Math.min(before.hi, hi) };
    this.windows.set(key, Promise.resolve(next));
    const provider = key.slice(0, key.indexOf(':'));
    const seen = this.seen.get(provider) ?? this.seen.set(provider, new Set()).get(provider)!;
    // A third, two thirds and the end of the window: a sibling endpoint ending anywhere in it is seen
    // within a third of its width.
    for (const k of [1, 2, 3]) {
      if (seen.size >= 48) seen.delete(seen.values().next().value!);
      seen.add(Math.round(next.lo + ((next.hi - next.lo) * k) / 3));
    }
    await this.cache
      .put(PREFIX + key, { key: PREFIX + key, nodeType: 'duration', outputs: { window: [{ kind: 'json', value: next }] }, createdAt: this.now() })
      .catch(() => {});
  }
}

/**
 * A blind backoff wait shortened so it does not step past a duration the provider's other endpoints
 * were seen to take (`hints`): jobs of one provider often take alike, so a poll lands right where the
 * job probably ends. When the hint is wrong this costs at most one extra poll per hint.
 */
export function hintedWait(wait: number, elapsed: number, hints: Iterable<number>): number {
  let out = wait;
  for (const h of hints) if (h - elapsed >= 1 && h - elapsed < out) out = h - elapsed;
  return out;
}

/**
 * The next wait of a job whose endpoint has a learned window, or `undefined` to use the plain policy.
 * Early on, one poll at a quarter of the expected time (quick failures and queue news are not missed
 * for long); then one at the probe point (the window's middle, or its end once tight); past it, at the
 * window's end; past that, the plain policy takes over.
 */
export function learnedWait(window: DurationWindow | undefined, elapsed: number, polls: number, policy: PollPolicy): number | undefined {
  if (!window) return undefined;
  const tight = window.hi - window.lo <= Math.max(TIGHT_MS, window.hi * TIGHT_SHARE);
  const probe = tight ? window.hi : (window.lo + window.hi) / 2;
  const early = probe / 4;
  // Whole milliseconds: a wait of a rounding error would poll again at the same instant.
  if (polls === 0 && early - elapsed >= 1 && early >= policy.baseMs) return Math.ceil(early - elapsed);
  if (probe - elapsed >= 1) return Math.min(policy.capMs, Math.ceil(probe - elapsed));
  if (window.hi - elapsed >= 1) return Math.min(policy.capMs, Math.ceil(window.hi - elapsed));
  return undefined;
}
