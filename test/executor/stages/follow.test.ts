import { describe, expect, it } from 'vitest';
import { DEFAULT_POLL } from '../../../src/core/executor/backoff.ts';
import { DurationMemory } from '../../../src/core/executor/durations.ts';
import { followJob, type FollowContext, type FollowJob } from '../../../src/core/executor/follow.ts';
import { Scouts } from '../../../src/core/executor/scouts.ts';
import type { JobStatus } from '../../../src/core/providers/types.ts';
import { createMemoryStorage } from '../../../src/storage/memory.ts';
import { FakeProvider } from '../fakeProvider.ts';
import { VirtualClock } from '../virtualClock.ts';

/** The follow stage alone: a fake provider's job polled to its end under virtual time. */

function setup(options: { deadlineMs?: number } = {}) {
  const clock = new VirtualClock();
  const fake = new FakeProvider('fake', clock);
  const controller = new AbortController();
  let detached = false;
  const ctx: FollowContext = {
    clock,
    policy: DEFAULT_POLL,
    random: () => 0.5,
    durations: new DurationMemory(createMemoryStorage().durations, 30 * 60_000),
    scouts: new Scouts(),
    jobDeadlineMs: options.deadlineMs ?? 30 * 60_000,
    signal: controller.signal,
    detached: () => detached,
  };
  const statuses: string[] = [];
  const follow = async (extra: Partial<FollowJob> = {}) => {
    const answer = await fake.submit('text-to-image', {});
    return followJob(ctx, {
      provider: fake,
      jobId: answer.jobId,
      learnKey: 'fake:text-to-image',
      token: 't',
      submittedMono: clock.monotonic(),
      blocking: false,
      first: answer.status,
      onStatus: (s: JobStatus) => statuses.push(s.providerStatus),
      onCancelAsked: async () => {},
      onCancelling: () => statuses.push('(cancelling)'),
      ...extra,
    });
  };
  return { clock, fake, ctx, statuses, follow, cancel: (detach = false) => ((detached = detach), controller.abort()) };
}

describe('followJob', () => {
  it('polls to the terminal status, reporting each change once, and learns the endpoint’s duration', async () => {
    const s = setup();
    const end = await s.clock.run(s.follow());
    expect(end).toMatchObject({ kind: 'ended', status: { state: 'succeeded' } });
    expect(s.statuses).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
    expect(await s.ctx.durations.get('fake:text-to-image')).toMatchObject({ hi: expect.any(Number) });
  });

  it('a "not found" answered by a result that finds the job is not a verdict; both saying it is gone is lost', async () => {
    const s = setup();
    s.fake.faults.status!.push({ info: { class: 'not_found', message: '404 page' } });
    expect(await s.clock.run(s.follow())).toMatchObject({ kind: 'ended' });
    s.fake.shape = () => ({ forget: true, queueMs: 0, runMs: 1000 });
    expect(await s.clock.run(s.follow())).toMatchObject({ kind: 'lost', error: { class: 'not_found' } });
  });

  it('malformed answers count toward the consecutive limit; a key that stopped working ends it at once', async () => {
    const s = setup();
    for (let i = 0; i < 4; i++) s.fake.faults.status!.push({ info: { class: 'unknown', retrySafe: false, message: 'HTML page' } });
    expect(await s.clock.run(s.follow())).toMatchObject({ kind: 'ended' });
    for (let i = 0; i < 5; i++) s.fake.faults.status!.push({ info: { class: 'transient', message: 'status ""' } });
    expect(await s.clock.run(s.follow())).toMatchObject({ kind: 'unreachable' });
    s.fake.faults.status!.push({ info: { class: 'auth', message: 'key revoked' } });
    expect(await s.clock.run(s.follow())).toMatchObject({ kind: 'unreachable', error: { class: 'auth' } });
  });

  it('the deadline runs on the monotonic clock: a wall-clock jump does not end a job early', async () => {
    const s = setup({ deadlineMs: 10 * 60_000 });
    s.fake.runMs = 5 * 60_000;
    const following = s.follow();
    await s.clock.advance(60_000);
    s.clock.jumpWall(2 * 60 * 60_000);
    expect(await s.clock.run(following)).toMatchObject({ kind: 'ended', status: { state: 'succeeded' } });
    s.fake.runMs = 20 * 60_000;
    expect(await s.clock.run(s.follow())).toEqual({ kind: 'timeout' });
  });

  it('cancel: a queued job is cancelled at the provider; a running one is watched (cancelling), or left when detached', async () => {
    const queued = setup();
    queued.fake.queueMs = 60_000;
    const a = queued.follow();
    await queued.clock.advance(5_000);
    queued.cancel();
    expect(await queued.clock.run(a)).toEqual({ kind: 'cancelled' });

    const running = setup();
    const b = running.follow();
    await running.clock.advance(3_000);
    running.cancel();
    expect(await running.clock.run(b)).toMatchObject({ kind: 'ended', status: { state: 'succeeded' } });
    expect(running.statuses).toContain('(cancelling)');

    const detached = setup();
    const c = detached.follow();
    await detached.clock.advance(3_000);
    detached.cancel(true);
    expect(await detached.clock.run(c)).toEqual({ kind: 'detached' });
  });
});
