import { describe, expect, it } from 'vitest';
import { ProviderLimiter, Slot } from '../../../src/core/executor/providerLimiter.ts';
import { VirtualClock } from '../virtualClock.ts';

/** Per-provider slots alone: priority, held slots past the limit, lowered limits, listeners removed. */

describe('ProviderLimiter', () => {
  it('serves waiters by priority, then arrival, up to the limit', async () => {
    const clock = new VirtualClock();
    const limiter = new ProviderLimiter({ p: 1 }, clock, 1000);
    const order: string[] = [];
    const first = await clock.run(limiter.acquire('p', 0));
    const waiters = (
      [
        ['low', 1],
        ['high', 5],
        ['mid', 3],
        ['high too', 5],
      ] as const
    ).map(([name, priority]) =>
      limiter.acquire('p', priority).then((release) => {
        order.push(name);
        // Each holds its slot a moment, then gives it back.
        void clock.sleep(10).then(release);
      }),
    );
    await clock.advance(5);
    expect(order).toEqual([]);
    first();
    await clock.run(Promise.all(waiters));
    expect(order).toEqual(['high', 'high too', 'mid', 'low']);
  });

  it('a job already running holds a slot at once, past the limit; new submits wait until enough end', async () => {
    const clock = new VirtualClock();
    const limiter = new ProviderLimiter({ p: 2 }, clock, 1000);
    const held = [limiter.hold('p'), limiter.hold('p'), limiter.hold('p')];
    expect(limiter.inFlight('p')).toBe(3);
    let granted = false;
    const next = limiter.acquire('p', 0).then((r) => ((granted = true), r));
    held[0]!();
    await clock.advance(1);
    expect(granted).toBe(false);
    held[1]!();
    await clock.advance(1);
    expect(granted).toBe(true);
    (await next)();
    held[2]!();
    expect(limiter.inFlight('p')).toBe(0);
  });

  it('a lowered limit (after a 429) applies for its cooldown, then waiters are served again', async () => {
    const clock = new VirtualClock();
    const limiter = new ProviderLimiter({ p: 4 }, clock, 10_000);
    const a = await clock.run(limiter.acquire('p', 0));
    const b = await clock.run(limiter.acquire('p', 0));
    limiter.lower('p');
    expect(limiter.limitOf('p')).toBe(1);
    a();
    b();
    const c = await clock.run(limiter.acquire('p', 0));
    let d = false;
    void limiter.acquire('p', 0).then(() => (d = true));
    await clock.advance(5_000);
    expect(d).toBe(false);
    await clock.advance(6_000);
    expect(d).toBe(true);
    c();
  });

  it('a granted waiter leaves no listener on the signal; an aborted waiter rejects and leaves the queue', async () => {
    const clock = new VirtualClock();
    const limiter = new ProviderLimiter({ p: 1 }, clock, 1000);
    const controller = new AbortController();
    let added = 0;
    let removed = 0;
    const add = controller.signal.addEventListener.bind(controller.signal);
    const remove = controller.signal.removeEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...args: Parameters<typeof add>) => (added++, add(...args))) as typeof add;
    controller.signal.removeEventListener = ((...args: Parameters<typeof remove>) => (removed++, remove(...args))) as typeof remove;
    const release = await clock.run(limiter.acquire('p', 0, controller.signal));
    expect([added, removed]).toEqual([1, 1]);
    const waiting = limiter.acquire('p', 0, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    release();
    expect(limiter.inFlight('p')).toBe(0);
  });

  it('Slot: acquire, free, hold — each once', async () => {
    const clock = new VirtualClock();
    const limiter = new ProviderLimiter({ p: 1 }, clock, 1000);
    const slot = new Slot(limiter, 'p', 0);
    await clock.run(slot.acquire());
    await clock.run(slot.acquire());
    slot.hold();
    expect(limiter.inFlight('p')).toBe(1);
    slot.free();
    slot.free();
    expect([slot.held, limiter.inFlight('p')]).toEqual([false, 0]);
  });
});
