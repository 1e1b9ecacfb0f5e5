import { describe, expect, it } from 'vitest';
import { DEFAULT_POLL } from '../../../src/core/executor/backoff.ts';
import { collectResult, type CollectJob } from '../../../src/core/executor/collect.ts';
import { createMemoryStorage } from '../../../src/storage/memory.ts';
import { FakeProvider } from '../fakeProvider.ts';
import { textToImage } from '../support/fakeRig.ts';
import { VirtualClock } from '../virtualClock.ts';

/** The collect stage alone: a finished job's results become outputs, or say why not. */

async function setup() {
  const clock = new VirtualClock();
  const fake = new FakeProvider('fake', clock);
  fake.queueMs = 0;
  fake.runMs = 10;
  const storage = createMemoryStorage();
  const { jobId } = await fake.submit('text-to-image', {});
  await clock.advance(20);
  const ctx = { clock, policy: DEFAULT_POLL, random: () => 0.5, blobs: storage.blobs };
  const job = (extra: Partial<CollectJob> = {}): CollectJob => ({ provider: fake, template: textToImage, nodeId: 'n', endpoint: 'text-to-image', jobId, onDownloading: () => {}, ...extra });
  return { clock, fake, storage, ctx, job, jobId };
}

describe('collectResult', () => {
  it('asks for the result, streams each file into the blob store, and puts it on the template’s port', async () => {
    const s = await setup();
    const c = await s.clock.run(collectResult(s.ctx, s.job()));
    expect(c).toMatchObject({ kind: 'collected', cost: { amount: 0.5 }, outputs: { image: [{ kind: 'image', mimeType: 'image/png', from: { jobId: s.jobId } }] } });
    const blob = c.kind === 'collected' ? (c.outputs.image![0] as { blob: string }).blob : '';
    expect(new TextDecoder().decode((await s.storage.blobs.get(blob))!.bytes)).toBe(`bytes of https://media.fake/${s.jobId}.png`);
    expect([s.fake.calls.result, s.fake.calls.download]).toEqual([1, 1]);
  });

  it('outputs the status already carried need no result call', async () => {
    const s = await setup();
    const status = { jobId: s.jobId, state: 'succeeded' as const, providerStatus: 'SUCCESS', outputs: [{ kind: 'image' as const, url: 'https://media.fake/x.png' }] };
    expect(await s.clock.run(collectResult(s.ctx, s.job({ status })))).toMatchObject({ kind: 'collected' });
    expect(s.fake.calls.result).toBe(0);
  });

  it('a job that failed at the provider is failed, with its reason', async () => {
    const s = await setup();
    s.fake.jobs.get(s.jobId)!.outcome = 'moderation';
    expect(await s.clock.run(collectResult(s.ctx, s.job()))).toMatchObject({ kind: 'failed', error: { class: 'moderation' } });
  });

  it('results that cannot be fetched are missing (the job stays paid for); gone when the provider forgot the job', async () => {
    const s = await setup();
    for (let i = 0; i < 4; i++) s.fake.faults.download!.push({ info: { class: 'transient', message: 'HTTP 503' } });
    expect(await s.clock.run(collectResult(s.ctx, s.job()))).toMatchObject({ kind: 'missing', gone: false, error: { message: 'HTTP 503' } });
    s.fake.faults.download!.push({ info: { class: 'invalid_input', message: 'Refused to download a result from evil.example' } });
    expect(await s.clock.run(collectResult(s.ctx, s.job()))).toMatchObject({ kind: 'missing', error: { message: expect.stringContaining('evil.example') } });
    s.fake.jobs.delete(s.jobId);
    expect(await s.clock.run(collectResult(s.ctx, s.job()))).toMatchObject({ kind: 'missing', gone: true });
  });
});
