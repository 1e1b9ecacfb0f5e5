import { describe, expect, it } from 'vitest';
import { JobCache } from '../../../src/core/executor/jobCache.ts';
import { UploadMemos } from '../../../src/core/executor/uploadMemos.ts';
import { createMemoryStorage } from '../../../src/storage/memory.ts';
import { FakeProvider } from '../fakeProvider.ts';
import { VirtualClock } from '../virtualClock.ts';
import { KEY, rec } from './records.ts';

/** The job cache (an index over the journal) and upload memos, alone. */

describe('JobCache', () => {
  it('indexes a finished record; an entry that does not read, or names another key, is no entry', async () => {
    const storage = createMemoryStorage();
    const cache = new JobCache(storage.cache, storage.blobs);
    const blob = await storage.blobs.put(new Uint8Array([1]), 'image/png');
    await cache.remember(rec(0, 'done', { outputs: { image: [{ kind: 'image', blob }] } }), 'fake/t2i');
    expect(await cache.lookup(KEY)).toMatchObject({ key: KEY, record: `${KEY}-0`, jobId: 'job-0', outputs: { image: [{ blob }] } });
    await cache.remember(rec(1, 'submitted'), 'fake/t2i');
    expect((await cache.lookup(KEY))?.record).toBe(`${KEY}-0`);
    await storage.cache.put(KEY, { key: 'b'.repeat(64), record: 'x', nodeType: 't', outputs: {}, createdAt: 0 });
    expect(await cache.lookup(KEY)).toBeUndefined();
    await storage.cache.put(KEY, { key: KEY, outputs: { image: [{ kind: 'image', blob: '../../etc/passwd' }] } });
    expect(await cache.lookup(KEY)).toBeUndefined();
  });

  it('outputs whose stored files are gone are not present', async () => {
    const storage = createMemoryStorage();
    const cache = new JobCache(storage.cache, storage.blobs);
    const blob = await storage.blobs.put(new Uint8Array([1]), 'image/png');
    expect(await cache.filesPresent({ image: [{ kind: 'image', blob }], text: [{ kind: 'text', text: 'x' }] })).toBe(true);
    expect(await cache.filesPresent({ image: [{ kind: 'image', blob: 'f'.repeat(64) }] })).toBe(false);
  });
});

describe('UploadMemos', () => {
  it('uploads a stored file once per provider and content, remembered by the next session; URLs pass through', async () => {
    const clock = new VirtualClock();
    const storage = createMemoryStorage();
    const fake = new FakeProvider('fake', clock, 'upload');
    const blob = await storage.blobs.put(new Uint8Array([1, 2, 3]), 'image/png');
    const send = (memos: UploadMemos) => memos.mediaFor(fake, { kind: 'image', blob }, (file) => fake.mediaInput(file));
    const memos = new UploadMemos(storage.uploads, storage.blobs, clock, 30 * 60_000);
    const [a, b] = await Promise.all([send(memos), send(memos)]);
    expect(a).toBe(b);
    expect(await send(new UploadMemos(storage.uploads, storage.blobs, clock, 30 * 60_000))).toBe(a);
    expect(fake.calls.upload).toBe(1);
    expect(await memos.mediaFor(fake, { kind: 'image', url: 'https://user.example/a.png' }, () => Promise.reject(new Error('no')))).toBe('https://user.example/a.png');
    const result = { kind: 'image' as const, url: 'https://media.fake/r.png', urlAt: clock.now(), blob, from: { nodeId: 'n', provider: 'fake', endpoint: 'e', jobId: 'j' } };
    expect(await memos.mediaFor(fake, result, () => Promise.reject(new Error('no')))).toBe('https://media.fake/r.png');
    await clock.advance(31 * 60_000);
    expect(await memos.mediaFor(fake, result, (file) => fake.mediaInput(file))).toBe(a);
  });
});
