import { describe, expect, it } from 'vitest';
import { DEFAULT_POLL } from '../../../src/core/executor/backoff.ts';
import { ClaimKeeper } from '../../../src/core/executor/claimKeeper.ts';
import { decideJob } from '../../../src/core/executor/jobDecision.ts';
import { Journal } from '../../../src/core/executor/journal.ts';
import { ProviderLimiter, Slot } from '../../../src/core/executor/providerLimiter.ts';
import { mayHaveStarted, submitNewJob, type NewJob, type SubmitContext } from '../../../src/core/executor/submit.ts';
import { watchClaim } from '../../../src/core/executor/watchClaim.ts';
import type { ProviderErrorInfo } from '../../../src/core/providers/types.ts';
import { createMemoryStorage } from '../../../src/storage/memory.ts';
import { FakeProvider } from '../fakeProvider.ts';
import { VirtualClock } from '../virtualClock.ts';
import { KEY, rec } from './records.ts';

/** The submit stage (claim → journal → one submit) and the claim keeper and watcher, alone. */

function setup() {
  const clock = new VirtualClock();
  const storage = createMemoryStorage({ now: () => clock.now() });
  const fake = new FakeProvider('fake', clock);
  const limiter = new ProviderLimiter({ fake: 2 }, clock, 60_000);
  const journal = new Journal(storage.journal);
  const claims = new ClaimKeeper(storage.claims, 'me', 60_000, clock);
  const ctx: SubmitContext = { clock, policy: DEFAULT_POLL, random: () => 0.5, limiter, journal, claims, jobDeadlineMs: 30 * 60_000, signal: new AbortController().signal };
  const slot = new Slot(limiter, 'fake', 0);
  const job = (extra: Partial<NewJob> = {}): NewJob => ({
    provider: fake,
    endpoint: 'text-to-image',
    payload: { prompt: 'x' },
    record: { jobKey: KEY, runId: 'run-1', session: 's', graphId: 'g', nodeId: 'n', provider: 'fake', endpoint: 'text-to-image' },
    slot,
    decide: (h) => decideJob(h, { fresh: false, session: 's', resubmit: false }),
    onSubmitting: () => {},
    onRetry: () => {},
    countSubmit: () => {},
    ...extra,
  });
  return { clock, storage, fake, limiter, journal, claims, ctx, slot, job };
}

describe('submitNewJob', () => {
  it('claims, journals the intent, submits once, journals the job id, and gives the claim back', async () => {
    const s = setup();
    let seen: string[] = [];
    const submit = s.fake.submit.bind(s.fake);
    s.fake.submit = async (e, i) => {
      seen = (await s.journal.history(KEY)).records.map((r) => r.state);
      expect((await s.storage.claims.holder(KEY))?.owner).toBe('me');
      return submit(e, i);
    };
    const end = await s.clock.run(submitNewJob(s.ctx, s.job()));
    expect(end).toMatchObject({ kind: 'submitted', record: { id: `${KEY}-0`, state: 'submitted', jobId: 'fake-1' } });
    expect(seen).toEqual(['intent']);
    await s.clock.advance(1);
    expect(await s.storage.claims.holder(KEY)).toBeUndefined();
  });

  it('someone alive holds the claim: nothing is journaled or submitted', async () => {
    const s = setup();
    await s.storage.claims.claim(KEY, 'other process', 60_000);
    expect(await s.clock.run(submitNewJob(s.ctx, s.job()))).toEqual({ kind: 'held' });
    expect([s.fake.calls.submit, (await s.journal.history(KEY)).records.length]).toEqual([0, 0]);
  });

  it('under the claim the journal is read again: a job someone submitted meanwhile is followed, not paid again', async () => {
    const s = setup();
    await s.journal.write(rec(0, 'submitted'));
    expect(await s.clock.run(submitNewJob(s.ctx, s.job()))).toMatchObject({ kind: 'other', action: { kind: 'follow', record: { attempt: 0 } } });
    expect(s.fake.calls.submit).toBe(0);
  });

  it('a rate limit gives the slot back, lowers the limit and tries again; it surely did not start', async () => {
    const s = setup();
    await s.clock.run(s.slot.acquire());
    s.fake.faults.submit!.push({ info: { class: 'rate_limited', message: '429', retryAfterMs: 2000 } });
    const end = await s.clock.run(submitNewJob(s.ctx, s.job()));
    expect(end).toMatchObject({ kind: 'submitted' });
    expect(s.fake.calls.submit).toBe(2);
    expect(s.limiter.limitOf('fake')).toBe(1);
  });

  it('the budget gate (issue 16) can refuse: nothing is journaled or submitted', async () => {
    const s = setup();
    const end = await s.clock.run(submitNewJob({ ...s.ctx, beforeSubmit: async () => ({ ok: false, reason: 'Over the run budget of $5.' }) }, s.job()));
    expect(end).toMatchObject({ kind: 'ended', state: 'failed', error: { message: 'Over the run budget of $5.' } });
    expect(s.fake.calls.submit).toBe(0);
  });

  it('what "may have started" means for every kind of error', () => {
    const info = (i: Partial<ProviderErrorInfo>): ProviderErrorInfo => ({ provider: 'p', call: 'submit', class: 'transient', message: 'm', retrySafe: false, ...i });
    expect(mayHaveStarted(info({ mayHaveStarted: true, class: 'auth' }))).toBe(true);
    expect(mayHaveStarted(info({ mayHaveStarted: false }))).toBe(false);
    expect(mayHaveStarted(info({}))).toBe(true);
    expect(mayHaveStarted(info({ class: 'unknown' }))).toBe(true);
    expect(mayHaveStarted(info({ retrySafe: true }))).toBe(false);
    for (const c of ['auth', 'balance', 'invalid_input', 'moderation', 'not_found', 'rate_limited'] as const) expect(mayHaveStarted(info({ class: c }))).toBe(false);
  });
});

describe('claims: keeping and waiting', () => {
  it('the keeper renews its claim while held, so it does not lapse; released, it is gone', async () => {
    const s = setup();
    const keeper = new ClaimKeeper(s.storage.claims, 'me', 3_000, s.clock);
    const taken = await keeper.take(KEY);
    await s.clock.advance(10_000);
    expect((await s.storage.claims.holder(KEY))?.owner).toBe('me');
    if ('held' in taken) await s.clock.run(taken.held.release());
    expect(await s.storage.claims.holder(KEY)).toBeUndefined();
  });

  it('a watcher takes the other owner’s job once it has a job id; with the claim gone and nothing journaled, it decides afresh', async () => {
    const s = setup();
    await s.storage.claims.claim(KEY, 'other', 60_000);
    const decide = (h: Parameters<typeof decideJob>[0]) => decideJob(h, { fresh: true, session: 'mine', resubmit: false });
    const watching = watchClaim({ clock: s.clock, journal: s.journal, claims: s.claims, signal: new AbortController().signal }, { jobKey: KEY, attempt: 0, decide });
    await s.clock.advance(1_000);
    await s.journal.write(rec(0, 'intent'));
    await s.clock.advance(1_000);
    await s.journal.write(rec(0, 'done', { session: 'theirs' }));
    // A fresh node (random seed) still takes their finished job: it waited for it.
    expect(await s.clock.run(watching)).toMatchObject({ kind: 'reuse', record: { attempt: 0 } });

    await s.storage.claims.claim('b'.repeat(64), 'other', 60_000);
    const again = watchClaim({ clock: s.clock, journal: s.journal, claims: s.claims, signal: new AbortController().signal }, { jobKey: 'b'.repeat(64), attempt: 0, decide });
    await s.clock.advance(1_000);
    await s.storage.claims.release('b'.repeat(64), 'other');
    expect(await s.clock.run(again)).toMatchObject({ kind: 'submit', attempt: 0 });
  });
});
