import { z } from 'zod';
import type { RecordStore } from './storage.ts';
import type { PollPolicy } from './types.ts';

/**
 * How long an endpoint's jobs take, learned from the jobs this executor followed (and kept in the
 * `durations` store, so the next session knows too). A job's end is only seen at a poll, so each finished job
 * gives a window: it was still running at `lo` ms after its submit and done at `hi`. Windows of
 * successive jobs are intersected, and each new job first polls in the middle of the window (a bisection
 * step), so for steady durations the window narrows to a few milliseconds and a job needs about two
 * status calls (an early one that catches quick failures, one at the expected end) instead of dozens.
 * When a job breaks the window (the endpoint got slower or faster) the window starts over from it.
 *
 * What is learned is bounded (promise 16): samples are measured on the monotonic clock by the caller,
 * clamped to the job deadline, and one sample far beyond the window (more than `OUTLIER_FACTOR` times
 * its end: a suspended laptop, a stalled provider) is set aside; only a second one in a row moves it.
 */

export interface DurationWindow {
  lo: number;
  hi: number;
}

interface DurationRecord {
  window: DurationWindow;
  /** Outliers seen in a row since the window last moved. */
  outliers: number;
}

const zDurationRecord: z.ZodType<DurationRecord> = z.object({
  window: z.object({ lo: z.number().min(0), hi: z.number().positive() }).refine((w) => w.lo < w.hi),
  outliers: z.number().int().min(0),
});

/** Below this width (ms, or this share of `hi`) the window is taken as known: poll at its end. */
const TIGHT_MS = 50;
const TIGHT_SHARE = 0.01;
/** A sample ending later than this many times the window's end is an outlier. */
export const OUTLIER_FACTOR = 4;

export class DurationMemory {
  private readonly records = new Map<string, Promise<DurationRecord | undefined>>();
  /** Durations seen this session, per provider (any endpoint): hints for the provider's unknown endpoints. */
  private readonly seen = new Map<string, Set<number>>();

  constructor(
    private readonly store: RecordStore,
    /** Longest a job may take (the job deadline): nothing longer is ever learned. */
    private readonly maxMs: number,
  ) {}

  private record(key: string): Promise<DurationRecord | undefined> {
    let known = this.records.get(key);
    if (!known) {
      known = this.store.get(key).then(
        (value) => {
          const parsed = zDurationRecord.safeParse(value);
          return parsed.success ? parsed.data : undefined;
        },
        () => undefined,
      );
      this.records.set(key, known);
    }
    return known;
  }

  /** The learned window for a provider's endpoint, if any job of it finished before. */
  async get(key: string): Promise<DurationWindow | undefined> {
    return (await this.record(key))?.window;
  }

  /** Durations seen this session for any endpoint of `provider`. */
  hints(provider: string): Iterable<number> {
    return this.seen.get(provider) ?? [];
  }

  /**
   * Records a finished job: still running at `lo` ms (0 if never seen running), done at `hi` ms after
   * its submit, both on the monotonic clock.
   */
  async observe(key: string, lo: number, hi: number): Promise<void> {
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= 0) return;
    hi = Math.min(hi, this.maxMs);
    lo = Math.max(0, Math.min(lo, hi - 1));
    const before = await this.record(key);
    let next: DurationRecord = { window: { lo, hi }, outliers: 0 };
    if (before) {
      const w = before.window;
      if (lo > w.hi * OUTLIER_FACTOR && before.outliers === 0) next = { window: w, outliers: 1 };
      else if (Math.max(w.lo, lo) < Math.min(w.hi, hi)) next = { window: { lo: Math.max(w.lo, lo), hi: Math.min(w.hi, hi) }, outliers: 0 };
    }
    this.records.set(key, Promise.resolve(next));
    const provider = key.slice(0, key.indexOf(':'));
    const seen = this.seen.get(provider) ?? this.seen.set(provider, new Set()).get(provider)!;
    // A third, two thirds and the end of the window: a sibling endpoint ending anywhere in it is seen
    // within a third of its width.
    const { lo: a, hi: b } = next.window;
    for (const k of [1, 2, 3]) {
      if (seen.size >= 48) seen.delete(seen.values().next().value!);
      seen.add(Math.round(a + ((b - a) * k) / 3));
    }
    await this.store.put(key, next).catch(() => {});
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
