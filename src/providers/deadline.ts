/**
 * A timeout this code owns, for every provider call (RELIABILITY promise 16). Node 20's
 * `AbortSignal.any([AbortSignal.timeout(t), signal])` stops firing once garbage collection has run (the
 * combined signal is only weakly held), so a provider that accepted the connection and went silent held
 * `weft run` for hours. Here a plain timer aborts a controller the timer itself holds; `clear()` (call it
 * in `finally`) stops the timer and removes the listener on the caller's signal, so nothing leaks per
 * call and no `MaxListenersExceededWarning` builds up on a long-lived signal.
 */

export interface Deadline {
  /** Aborts when the time is up or the caller's signal aborts, whichever comes first. */
  readonly signal: AbortSignal;
  /** Whether it was the time that ran out (not the caller). */
  timedOut(): boolean;
  /** Stops the timer and detaches from the caller's signal. Safe to call more than once. */
  clear(): void;
}

export function startDeadline(timeoutMs: number, outer?: AbortSignal): Deadline {
  const controller = new AbortController();
  let expired = false;
  const onOuter = () => controller.abort(outer?.reason);
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new DOMException(`The call took longer than ${timeoutMs} ms.`, 'TimeoutError'));
  }, timeoutMs);
  if (outer?.aborted) onOuter();
  else outer?.addEventListener('abort', onOuter, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => expired,
    clear() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuter);
    },
  };
}

/** A duration for messages: `300 ms`, `30 s`, `5 min`. */
export function describeDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
