import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/core/templates/hash.ts';
import { sha256HexSync } from '../../../src/core/sha256.ts';
import { fakeWorld, fan, textToImage } from '../support/fakeRig.ts';

/**
 * Upgrading never pays again: a journal and cache written before job keys (record ids `<run>:<node>`,
 * entries keyed by provider + endpoint + schema + inputs) are adopted by the new executor.
 */

const oldKey = (seed: number) => sha256HexSync(new TextEncoder().encode(canonicalJson({ provider: 'fake', endpoint: textToImage.endpoint ?? textToImage.id, schema: textToImage.schemaHash, inputs: { prompt: 'x', seed } })));

describe('journals from before job keys', () => {
  it('a finished job in the old cache serves the node: nothing is submitted', async () => {
    const w = fakeWorld();
    const blob = await w.storage.blobs.put(new TextEncoder().encode('old image'), 'image/png');
    await w.storage.cache.put(oldKey(0), { key: oldKey(0), nodeType: textToImage.id, outputs: { image: [{ kind: 'image', blob, mimeType: 'image/png' }] }, jobId: 'fake-old', createdAt: 1 });
    const summary = await w.run(fan(1));
    expect(summary.states.g0).toBe('cached');
    expect(w.fake.calls.submit).toBe(0);
    // Adopted once: the next run finds it under the new key.
    await w.storage.cache.delete(oldKey(0));
    expect((await w.run(fan(1))).states.g0).toBe('cached');
  });

  it('an old job still running is followed, and an old lost answer stays unknown', async () => {
    const w = fakeWorld();
    const { jobId } = await w.fake.submit('text-to-image', { prompt: 'x', seed: 0 });
    await w.storage.journal.put('run-old:g0', { id: 'run-old:g0', runId: 'run-old', nodeId: 'g0', provider: 'fake', endpoint: 'text-to-image', cacheKey: oldKey(0), state: 'submitted', jobId, createdAt: 0, updatedAt: 0 });
    await w.storage.journal.put('run-old:g1', { id: 'run-old:g1', runId: 'run-old', nodeId: 'g1', provider: 'fake', endpoint: 'text-to-image', cacheKey: oldKey(1), state: 'unknown', createdAt: 0, updatedAt: 0 });
    const summary = await w.run(fan(2));
    expect(summary.states).toMatchObject({ g0: 'done', g1: 'unknown' });
    expect(w.fake.calls.submit).toBe(1);
  });
});
