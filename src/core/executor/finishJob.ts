import type { JobStatus, Provider } from '../providers/types.ts';
import { collectResult, type CollectContext } from './collect.ts';
import { followJob, type FollowContext } from './follow.ts';
import type { JobAction } from './jobDecision.ts';
import type { JobCache } from './jobCache.ts';
import type { Journal } from './journal.ts';
import type { PlannedNode } from './plan.ts';
import type { Slot } from './providerLimiter.ts';
import type { RunState } from './runState.ts';
import type { JournalRecord } from './types.ts';

/**
 * A job that exists at the provider, to its end: follow it while it runs (holding its provider slot,
 * whoever submitted it, until its end is seen), collect its results, and journal how it ended. A
 * finished job's outputs are reused as they are, or fetched again when their files are gone. A job
 * whose results cannot be fetched stays `collecting` in the journal — it is paid — and the next run
 * fetches them again; it is never submitted again (promise 13).
 */

export interface FinishContext extends FollowContext, CollectContext {
  journal: Journal;
  cache: JobCache;
  state: RunState;
  runId: string;
  dryRun: boolean;
}

export interface JobInHand {
  p: PlannedNode;
  provider: Provider;
  endpoint: string;
  began: number;
  slot: Slot;
}

type Finishing = Extract<JobAction, { kind: 'reuse' | 'follow' | 'collect' }>;

export interface HowFound {
  /** This run just submitted it: the submit answer's status and when it came (monotonic). */
  submitted?: { first: JobStatus; submittedMono: number };
  /** Another run or process submitted it while this node waited for its claim: the node ends `cached`. */
  adopted?: boolean;
}

export async function finishJob(ctx: FinishContext, job: JobInHand, action: Finishing, how: HowFound = {}): Promise<void> {
  const { state } = ctx;
  const nodeId = job.p.node.id;
  const record = action.record;
  const jobId = record.jobId;
  if (action.kind === 'reuse') {
    const outputs = record.outputs ?? {};
    if (await ctx.cache.filesPresent(outputs)) {
      await ctx.cache.remember(record, job.p.template.id).catch(() => {});
      const info = jobId ? { provider: job.provider.id, jobId, ...(record.cost ? { cost: record.cost } : {}) } : undefined;
      // A record this very run made (a page reloaded mid-run) is this run's result, not a cache hit.
      if (record.runId === ctx.runId) return state.done(nodeId, outputs, record.updatedAt - record.createdAt, info);
      return state.cached(nodeId, outputs, info);
    }
  }
  if (ctx.dryRun) {
    const message = action.kind === 'follow' ? `Dry run: would follow job ${jobId} at ${job.provider.id} (no new submit).` : `Dry run: would get the results of job ${jobId} at ${job.provider.id} again (no new submit).`;
    return state.fail(nodeId, 'skipped', { class: 'plan', code: action.kind === 'follow' ? 'dry-run:resume' : 'dry-run:collect', message }, job.began, jobId);
  }
  if (action.kind !== 'follow') return collect(ctx, job, record, undefined, record.cancelRequested === true, action.kind === 'reuse' || how.adopted === true);
  return follow(ctx, job, record, how);
}

async function follow(ctx: FinishContext, job: JobInHand, record: JournalRecord, how: HowFound): Promise<void> {
  const { submitted } = how;
  const { state, clock } = ctx;
  const nodeId = job.p.node.id;
  const jobId = record.jobId!;
  if (!submitted) {
    state.jobs[nodeId] = { provider: job.provider.id, jobId };
    state.emit({ type: 'nodeSubmitted', runId: ctx.runId, at: clock.now(), nodeId, provider: job.provider.id, endpoint: job.endpoint, jobId, resumed: true });
  }
  // A job running at the provider holds a slot, whoever follows it (promise 7).
  job.slot.hold();
  let cancelAsked = record.cancelRequested === true;
  const end = await followJob(ctx, {
    provider: job.provider,
    jobId,
    learnKey: `${job.provider.id}:${job.endpoint}`,
    token: `${ctx.runId}:${nodeId}`,
    ...(submitted ? { submittedMono: submitted.submittedMono, first: submitted.first } : { ageMs: Math.max(0, clock.now() - record.updatedAt) }),
    blocking: job.p.remaining > 1,
    cancelRequested: cancelAsked,
    onStatus: (s, cancelling) => {
      if (!cancelling) state.set(nodeId, s.state === 'queued' ? 'submitted' : 'running');
      state.emit({
        type: 'nodeProgress', runId: ctx.runId, at: clock.now(), nodeId, jobState: s.state, providerStatus: s.providerStatus,
        ...(s.queuePosition !== undefined ? { queuePosition: s.queuePosition } : {}),
        ...(s.progress !== undefined ? { progress: s.progress } : {}),
        ...(s.unrecognisedStatus ? { unrecognisedStatus: true } : {}),
      });
      if (s.unrecognisedStatus) state.warn(`${job.provider.id} reported an unknown status "${s.providerStatus}"; treating the job as still running.`, nodeId);
    },
    onCancelAsked: async () => {
      cancelAsked = true;
      // Kept on the record itself: every later write (done, failed, lost) still says the user cancelled.
      record = { ...record, cancelRequested: true, updatedAt: clock.now() };
      await ctx.journal.write(record);
    },
    onCancelling: () => {
      state.set(nodeId, 'cancelling');
      state.warn('The job was already running and could not be stopped; it may still be billed. Its result will be kept but not passed on.', nodeId);
    },
  });
  // Its end is seen (or we stop looking): the slot goes to the next job now, before any download.
  job.slot.free();
  const write = (patch: Partial<JournalRecord>) => ctx.journal.write({ ...record, ...patch, updatedAt: clock.now() });
  switch (end.kind) {
    case 'cancelled':
      await write({ state: 'cancelled', cancelRequested: true });
      return state.fail(nodeId, 'cancelled', { class: 'cancelled', message: 'Cancelled at the provider.' }, job.began, jobId);
    case 'detached':
      return state.fail(nodeId, 'cancelled', { class: 'cancelled', code: 'detached', message: `Interrupted while job ${jobId} was running at ${job.provider.id}; it may still be billed. It stays in the journal: the next run picks up its result without submitting again.` }, job.began, jobId);
    case 'lost':
      await write({ state: 'lost', error: end.error });
      return state.fail(nodeId, 'lost', end.error, job.began, jobId);
    case 'unreachable':
      return state.fail(nodeId, 'unreachable', end.error, job.began, jobId);
    case 'timeout':
      return state.fail(nodeId, 'timeout', { class: 'timeout', message: `No result after ${Math.round(ctx.jobDeadlineMs / 60000)} minutes; stopped waiting (the job may still finish at the provider). It stays in the journal: the next run picks it up.` }, job.began, jobId);
    case 'ended':
      if (end.status.state === 'cancelled') {
        await write({ state: 'cancelled' });
        return state.fail(nodeId, 'cancelled', { class: 'cancelled', message: 'The job was cancelled.' }, job.began, jobId);
      }
      return collect(ctx, job, record, end.status, cancelAsked, how.adopted === true);
  }
}

/** `again`: not this run's job (finished before with its files gone, or adopted): the node ends `cached`. */
async function collect(ctx: FinishContext, job: JobInHand, record: JournalRecord, status: JobStatus | undefined, cancelAsked: boolean, again = false): Promise<void> {
  const { state, clock } = ctx;
  const nodeId = job.p.node.id;
  const jobId = record.jobId!;
  const c = await collectResult(ctx, { provider: job.provider, template: job.p.template, nodeId, endpoint: job.endpoint, jobId, ...(status ? { status } : {}), onDownloading: () => state.set(nodeId, 'downloading') });
  if (c.kind === 'failed') {
    await ctx.journal.write({ ...record, state: 'failed', error: c.error, ...(c.cost ? { cost: c.cost } : {}), updatedAt: clock.now() });
    return state.fail(nodeId, 'failed', c.error, job.began, jobId);
  }
  if (c.kind === 'missing') {
    if (record.state !== 'done') await ctx.journal.write({ ...record, state: 'collecting', error: c.error, updatedAt: clock.now() });
    if (c.gone && record.state === 'done') {
      return state.fail(nodeId, 'lost', { ...c.error, message: `The stored files of this job are gone, and ${c.error.message}. Only a new submit (which charges again) can make them again.` }, job.began, jobId);
    }
    return state.fail(nodeId, 'failed', { ...c.error, code: 'results-missing', message: `The job finished at ${job.provider.id} (it is paid) but its results could not be fetched: ${c.error.message} It stays in the journal: the next run fetches them again and never submits it again.` }, job.began, jobId);
  }
  const { error: _error, ...rest } = record;
  const done: JournalRecord = { ...rest, state: 'done', outputs: c.outputs, ...(c.cost ? { cost: c.cost } : {}), updatedAt: clock.now() };
  await ctx.journal.write(done);
  await ctx.cache.remember(done, job.p.template.id);
  const info = { provider: job.provider.id, jobId, ...(c.cost ? { cost: c.cost } : {}) };
  if (cancelAsked) {
    state.jobs[nodeId] = info;
    // Kept (journal and cache) but not passed downstream.
    return state.fail(nodeId, 'cancelled', { class: 'cancelled', message: 'Cancelled while running; the result arrived and was kept, but is not passed on.' }, job.began, jobId);
  }
  if (again && record.runId !== ctx.runId) return state.cached(nodeId, c.outputs, info);
  state.done(nodeId, c.outputs, clock.now() - job.began, info);
}
