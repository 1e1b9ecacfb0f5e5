import type { Clock } from './types.ts';

/**
 * The real clock: wall time from `Date.now()` (records, what people read), monotonic time from
 * `performance.now()` (durations: a wall-clock jump does not stretch them). Sleeping rejects with the
 * signal's reason when the signal aborts, and removes its listener either way.
 */
export const realClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
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

/** Sleeps `ms`, or less if `wake` settles first or `signal` aborts (which rejects, like `clock.sleep`). */
export async function sleepUntil(clock: Clock, ms: number, wake: Promise<unknown>, signal?: AbortSignal): Promise<void> {
  const own = new AbortController();
  const onAbort = () => own.abort(signal!.reason);
  if (signal?.aborted) own.abort(signal.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.race([clock.sleep(ms, own.signal), wake]);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    own.abort();
  }
}
