import { isProviderError } from '../providers/types.ts';
import type { Clock, PollPolicy } from './types.ts';

/** How long to wait between calls: poll spacing, retry backoff with jitter, and retrying a safe call. */

export const DEFAULT_POLL: PollPolicy = { baseMs: 1000, capMs: 30_000, elapsedFraction: 0.2, maxConsecutiveErrors: 5, learnDurations: true };

/** Calls that may be repeated (result, download, upload, cancel) are tried this many times. */
export const MAX_TRANSFER_ATTEMPTS = 4;

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

/** Repeats a call that is safe to repeat on transient trouble (a ProviderError saying `retrySafe`). */
export async function withRetries<T>(call: () => Promise<T>, ctx: { clock: Clock; policy: PollPolicy; random: () => number }, signal?: AbortSignal, attempts = MAX_TRANSFER_ATTEMPTS): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isProviderError(error) || !error.info.retrySafe || attempt + 1 >= attempts || signal?.aborted) throw error;
      await ctx.clock.sleep(retryDelay(attempt, ctx.policy, ctx.random, error.info.retryAfterMs), signal);
    }
  }
}
