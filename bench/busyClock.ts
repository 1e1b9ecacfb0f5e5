import type { Clock } from '../src/core/executor/types.ts';

/**
 * Virtual time for the executor benchmark, shared by the executor and the simulator. Time jumps to the
 * next sleeper's wake-up only when nothing is in flight: every provider and storage call is wrapped with
 * `track`, so a real HTTP round trip to the simulator (or a hash, a journal write) finishes before the
 * clock moves. Calls therefore take zero virtual time, and a 30-second job takes milliseconds.
 */
export class BusyClock implements Clock {
  private t = 0;
  private seq = 0;
  private busy = 0;
  private timers: { at: number; seq: number; resolve: () => void }[] = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, resolve: () => {} };
      const onAbort = () => {
        this.timers = this.timers.filter((x) => x !== timer);
        reject(signal?.reason);
      };
      timer.resolve = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
    });
  }

  /** Counts a real asynchronous call as in flight until it settles. */
  track<T>(promise: Promise<T>): Promise<T> {
    this.busy++;
    return promise.finally(() => {
      this.busy--;
    });
  }

  /** Wraps every method of `target` that returns a promise with `track`. */
  wrap<T extends object>(target: T): T {
    return new Proxy(target, {
      get: (obj, key, receiver) => {
        const value = Reflect.get(obj, key, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const out = (value as (...a: unknown[]) => unknown).apply(obj, args);
          return out instanceof Promise ? this.track(out) : out;
        };
      },
    });
  }

  /** Advances virtual time until `promise` settles. */
  async run<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await settle();
      if (settled) return promise;
      if (this.busy > 0) {
        await new Promise((r) => setTimeout(r, 1));
        continue;
      }
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (!next) {
        await new Promise((r) => setTimeout(r, 5));
        if (this.busy === 0 && this.timers.length === 0 && !settled) throw new Error('busy clock: nothing left to wait for');
        continue;
      }
      this.t = Math.max(this.t, next.at);
      next.resolve();
      // Wake everyone due at the same instant before looking again.
      while (this.timers.length && this.timers[0]!.at <= this.t) this.timers.shift()!.resolve();
    }
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise((r) => setImmediate(r));
}
