import type { Clock, PollPolicy } from './types.ts';

/** Small pieces of the executor: the real clock, backoff with jitter, per-provider limits. */

/** The real clock. Sleeping rejects with the signal's reason when the signal aborts. */
export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export const DEFAULT_POLL: PollPolicy = { baseMs: 1000, capMs: 30_000, elapsedFraction: 0.2, maxConsecutiveErrors: 5, learnDurations: true };

/** Full jitter for retries after errors: random(0, min(cap, base·2^attempt)) (RELIABILITY promise 2). */
export function retryDelay(attempt: number, policy: PollPolicy, random: () => number, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 20));
  const jittered = random() * ceiling;
  return retryAfterMs !== undefined ? Math.max(retryAfterMs, jittered) : jittered;
}

/**
 * The wait before the next status call: exponential from `baseMs`, capped, and never more than a
 * fraction of the time the job has run so far — so a long job is polled rarely and its end is still seen
 * within a small share of its duration. Equal jitter (between half and all of it) spreads clients out.
 */
export function pollDelay(step: number, elapsedMs: number, policy: PollPolicy, random: () => number): number {
  const exp = policy.baseMs * 2 ** Math.min(step, 20);
  const bound = Math.max(policy.baseMs, elapsedMs * policy.elapsedFraction);
  const d = Math.min(policy.capMs, exp, bound);
  return d / 2 + random() * (d / 2);
}

interface Waiter {
  priority: number;
  seq: number;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal?: AbortSignal;
}

/**
 * Per-provider concurrency: at most `limit` jobs in flight per provider; waiters are served by priority
 * (longest remaining path first), then arrival. After a 421/429 the limit is lowered (halved, at least
 * one) for a cooldown, then restored. One provider's queue never blocks another's.
 */
export class ProviderLimiter {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, Waiter[]>();
  private readonly loweredUntil = new Map<string, { limit: number; until: number }>();
  private seq = 0;
  private readonly limits: Record<string, number>;
  private readonly clock: Clock;
  private readonly cooldownMs: number;

  constructor(limits: Record<string, number>, clock: Clock, cooldownMs: number) {
    this.limits = limits;
    this.clock = clock;
    this.cooldownMs = cooldownMs;
  }

  limitOf(provider: string): number {
    const base = Math.max(1, Math.floor(this.limits[provider] ?? 3));
    const lowered = this.loweredUntil.get(provider);
    if (lowered && lowered.until > this.clock.now()) return Math.min(base, lowered.limit);
    if (lowered) this.loweredUntil.delete(provider);
    return base;
  }

  inFlight(provider: string): number {
    return this.active.get(provider) ?? 0;
  }

  /** Waits for a slot; resolves with its release function. */
  acquire(provider: string, priority: number, signal?: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const waiter: Waiter = { priority, seq: this.seq++, signal, reject, resolve: () => resolve(this.releaser(provider)) };
      const list = this.waiting.get(provider) ?? [];
      list.push(waiter);
      list.sort((a, b) => b.priority - a.priority || a.seq - b.seq);
      this.waiting.set(provider, list);
      signal?.addEventListener(
        'abort',
        () => {
          const l = this.waiting.get(provider) ?? [];
          const i = l.indexOf(waiter);
          if (i >= 0) {
            l.splice(i, 1);
            reject(signal.reason);
          }
        },
        { once: true },
      );
      // Grant on the next tick, so nodes made ready together compete by priority, not by who hashed first.
      void this.clock.sleep(0).then(() => this.pump(provider));
    });
  }

  /** After a 421/429: fewer jobs at once for a while. */
  lower(provider: string): void {
    const current = this.limitOf(provider);
    const next = Math.max(1, Math.min(current, Math.floor(Math.max(1, this.inFlight(provider)) / 2) || 1, Math.floor(current / 2) || 1));
    this.loweredUntil.set(provider, { limit: next, until: this.clock.now() + this.cooldownMs });
  }

  private releaser(provider: string): () => void {
    let released = false;
    this.active.set(provider, this.inFlight(provider) + 1);
    return () => {
      if (released) return;
      released = true;
      this.active.set(provider, this.inFlight(provider) - 1);
      this.pump(provider);
    };
  }

  private pump(provider: string): void {
    const list = this.waiting.get(provider) ?? [];
    while (list.length > 0 && this.inFlight(provider) < this.limitOf(provider)) {
      const next = list.shift()!;
      next.resolve();
    }
    // A lowered limit expires on its own; check again then so waiters are not stranded.
    const lowered = this.loweredUntil.get(provider);
    if (list.length > 0 && lowered) void this.clock.sleep(Math.max(0, lowered.until - this.clock.now()) + 1).then(() => this.pump(provider));
  }
}
