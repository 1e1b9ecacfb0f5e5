import type { Clock } from '../../src/core/executor/types.ts';

/**
 * Fake timers for the executor: virtual time that moves only when everything else is idle. `run(p)`
 * lets real microtasks and I/O (WebCrypto hashing) settle, then jumps to the next sleeper's wake-up
 * time, until `p` settles. Deterministic, and a 30-minute job takes milliseconds. Real asynchronous
 * calls wrapped with `track`/`wrap` (HTTP to a simulator, in the benchmark) hold time still until they
 * finish, so they take zero virtual time.
 */
export class VirtualClock implements Clock {
  private t = 0;
  /** How far the wall clock (`now`) has been set away from the monotonic one (`jumpWall`). */
  private wallOffset = 0;
  private seq = 0;
  private timers: { at: number; seq: number; resolve: () => void }[] = [];
  private busy = 0;

  /** Wall time: virtual time plus any jumps (`jumpWall`). */
  now(): number {
    return this.t + this.wallOffset;
  }

  /** Monotonic time: virtual time only; wall-clock jumps do not move it. */
  monotonic(): number {
    return this.t;
  }

  /** Sets the wall clock forward (or back) by `ms`, as NTP or a user would; timers and `monotonic` are unmoved. */
  jumpWall(ms: number): void {
    this.wallOffset += ms;
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

  /** Counts a real asynchronous call as in flight (time stands still) until it settles. */
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

  /** Pending sleepers (for assertions that nothing polls forever). */
  get pending(): number {
    return this.timers.length;
  }

  /** Advances virtual time until `promise` settles (or `limitMs` of virtual time passes). */
  async run<T>(promise: Promise<T>, limitMs = 24 * 60 * 60 * 1000): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    const end = this.t + limitMs;
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
        await settle();
        if (settled) return promise;
        if (this.busy === 0 && this.timers.length === 0) throw new Error('virtual clock: nothing left to wait for, but the promise is still pending');
        continue;
      }
      if (next.at > end) throw new Error(`virtual clock: still pending after ${limitMs} ms of virtual time`);
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
  }

  /** Advances virtual time by `ms`, waking every sleeper due by then. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
    this.t = end;
    await settle();
  }
}

/** Lets promise chains and quick I/O callbacks (WebCrypto) finish. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 0));
  }
}
