import type { Clock } from './types.ts';

/**
 * Per-provider concurrency (RELIABILITY promise 7): at most `limit` jobs running at a provider, whoever
 * follows them. A new submit waits for a slot (`acquire`), served by priority (longest remaining path
 * first), then arrival; a job already running there — found in the journal after a resume — takes its
 * slot at once (`hold`), even past the limit, because it runs whether we like it or not; the next
 * submit then waits until enough of them end. A slot is given back when the job's end is seen. After a
 * 421/429 the limit is lowered (halved, at least one) for a cooldown. One provider's queue never blocks
 * another's.
 */

interface Waiter {
  priority: number;
  seq: number;
  grant: () => void;
}

/** Gives a slot back; calling it again does nothing. */
export type Release = () => void;

export class ProviderLimiter {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, Waiter[]>();
  private readonly loweredUntil = new Map<string, { limit: number; until: number }>();
  private readonly recheck = new Set<string>();
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

  /** Waits for a slot to submit a job; resolves with its release. Rejects with the signal's reason on abort. */
  acquire(provider: string, priority: number, signal?: AbortSignal): Promise<Release> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const list = this.waiting.get(provider) ?? this.waiting.set(provider, []).get(provider)!;
      const onAbort = () => {
        const i = list.indexOf(waiter);
        if (i >= 0) list.splice(i, 1);
        reject(signal!.reason);
      };
      const waiter: Waiter = {
        priority,
        seq: this.seq++,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.take(provider));
        },
      };
      list.push(waiter);
      list.sort((a, b) => b.priority - a.priority || a.seq - b.seq);
      signal?.addEventListener('abort', onAbort, { once: true });
      // Grant on the next tick, so nodes made ready together compete by priority, not by who hashed first.
      void this.clock.sleep(0).then(() => this.pump(provider));
    });
  }

  /** A job already running at the provider (followed after a resume) holds a slot now, past the limit if need be. */
  hold(provider: string): Release {
    return this.take(provider);
  }

  /** After a 421/429: fewer jobs at once for a while. */
  lower(provider: string): void {
    const current = this.limitOf(provider);
    const next = Math.max(1, Math.min(current, Math.floor(Math.max(1, this.inFlight(provider)) / 2) || 1, Math.floor(current / 2) || 1));
    this.loweredUntil.set(provider, { limit: next, until: this.clock.now() + this.cooldownMs });
  }

  private take(provider: string): Release {
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
    while (list.length > 0 && this.inFlight(provider) < this.limitOf(provider)) list.shift()!.grant();
    // A lowered limit expires on its own; look again then so waiters are not stranded.
    const lowered = this.loweredUntil.get(provider);
    if (list.length > 0 && lowered && !this.recheck.has(provider)) {
      this.recheck.add(provider);
      void this.clock.sleep(Math.max(0, lowered.until - this.clock.now()) + 1).then(() => {
        this.recheck.delete(provider);
        this.pump(provider);
      });
    }
  }
}

/** One job's place under its provider's limit: taken, given back when the job's end is seen, taken again. */
export class Slot {
  private release: Release | undefined;

  constructor(
    private readonly limiter: ProviderLimiter,
    private readonly provider: string,
    private readonly priority: number,
  ) {}

  get held(): boolean {
    return this.release !== undefined;
  }

  /** Waits for a slot to submit in (rejects with the signal's reason on abort). */
  async acquire(signal?: AbortSignal): Promise<void> {
    if (!this.release) this.release = await this.limiter.acquire(this.provider, this.priority, signal);
  }

  /** Takes a slot at once for a job already running at the provider. */
  hold(): void {
    this.release ??= this.limiter.hold(this.provider);
  }

  free(): void {
    this.release?.();
    this.release = undefined;
  }
}
