import { describe, expect, it } from 'vitest';
import { DurationMemory, OUTLIER_FACTOR } from '../../../src/core/executor/durations.ts';
import { createMemoryStorage } from '../../../src/storage/memory.ts';

/** Learned durations alone: windows narrow, samples are bounded, the record is typed and survives. */

describe('DurationMemory', () => {
  it('intersects windows of successive jobs and keeps them in its own store for the next session', async () => {
    const { durations: store } = createMemoryStorage();
    const memory = new DurationMemory(store, 30 * 60_000);
    await memory.observe('fake:e', 9_000, 12_000);
    await memory.observe('fake:e', 10_000, 11_000);
    expect(await memory.get('fake:e')).toEqual({ lo: 10_000, hi: 11_000 });
    expect(await new DurationMemory(store, 30 * 60_000).get('fake:e')).toEqual({ lo: 10_000, hi: 11_000 });
  });

  it('never learns past the job deadline', async () => {
    const memory = new DurationMemory(createMemoryStorage().durations, 60_000);
    await memory.observe('fake:e', 20 * 60_000, 21 * 60_000);
    expect((await memory.get('fake:e'))!.hi).toBe(60_000);
  });

  it(`sets one sample more than ${OUTLIER_FACTOR}× past the window aside; a second in a row moves it`, async () => {
    const memory = new DurationMemory(createMemoryStorage().durations, 60 * 60_000);
    await memory.observe('fake:e', 10_000, 11_000);
    await memory.observe('fake:e', 20 * 60_000, 20 * 60_000 + 1000);
    expect(await memory.get('fake:e')).toEqual({ lo: 10_000, hi: 11_000 });
    await memory.observe('fake:e', 20 * 60_000, 20 * 60_000 + 1000);
    expect(await memory.get('fake:e')).toEqual({ lo: 20 * 60_000, hi: 20 * 60_000 + 1000 });
  });

  it('ignores a stored record that is not a window, and samples that are not numbers', async () => {
    const { durations: store } = createMemoryStorage();
    await store.put('fake:e', { window: { lo: 5, hi: 1 }, outliers: 0 });
    const memory = new DurationMemory(store, 60_000);
    expect(await memory.get('fake:e')).toBeUndefined();
    await memory.observe('fake:e', Number.NaN, 5);
    expect(await memory.get('fake:e')).toBeUndefined();
  });
});
