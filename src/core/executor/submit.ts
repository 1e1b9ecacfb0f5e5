import { isProviderError, type JobStatus, type Provider, type ProviderErrorInfo } from '../providers/types.ts';
import { retryDelay } from './backoff.ts';
import type { ClaimKeeper } from './claimKeeper.ts';
import { errorOf } from './follow.ts';
import type { JobAction } from './jobDecision.ts';
import type { Journal, JobHistory } from './journal.ts';
import { recordIdOf } from './journalRecord.ts';
import type { ProviderLimiter, Slot } from './providerLimiter.ts';
import type { Clock, ExecutorDeps, JournalRecord, NodeError, NodeRunState, PollPolicy } from './types.ts';

/**
 * The submit stage: claim → journal → exactly one submit (RELIABILITY promises 1, 2, 14, 15).
 *
 * The job key is claimed first; under the claim the journal is read again (another process may have
 * got there since the node decided), and only if it still says "nothing to follow" is the intent
 * written — durably — and the submit sent. The submit is repeated only when it surely did not start
 * (a rate limit: 429, RunningHub 421/415/1003 — the slot is given back and the limit lowered while it
 * waits; or an error the adapter marks retry-safe). An answer that does not clearly say "not started"
 * leaves the job `unknown`, never resubmitted on its own; a request that never left is `failed`.
 * The submit itself is never aborted halfway (a cancel waits for its answer, then cancels the job).
 */

const MAX_SUBMIT_ATTEMPTS = 6;

export type SubmitEnd =
  /** Sent and accepted: the record has its job id. */
  | { kind: 'submitted'; record: JournalRecord; status: JobStatus; submittedMono: number }
  /** Under the claim the journal says something else now: act on that instead. */
  | { kind: 'other'; action: JobAction }
  /** Someone alive holds the claim: wait for what they journal. */
  | { kind: 'held' }
  | { kind: 'ended'; state: NodeRunState; error: NodeError; record?: JournalRecord };

export interface SubmitContext {
  clock: Clock;
  policy: PollPolicy;
  random: () => number;
  limiter: ProviderLimiter;
  journal: Journal;
  claims: ClaimKeeper;
  jobDeadlineMs: number;
  signal: AbortSignal;
  beforeSubmit?: ExecutorDeps['beforeSubmit'];
}

export interface NewJob {
  provider: Provider;
  endpoint: string;
  /** The field values (what budget gates and validation read). */
  payload: Record<string, unknown>;
  /** The request body in the provider's shape (requestBodyOf); the payload when absent. */
  body?: Record<string, unknown>;
  /** The record to write, less what the submit stage decides (id, attempt, state, times). */
  record: Omit<JournalRecord, 'id' | 'attempt' | 'state' | 'createdAt' | 'updatedAt'>;
  slot: Slot;
  /** Decides again from a fresh read of the journal, under the claim. */
  decide(history: JobHistory): JobAction;
  onSubmitting(): void;
  onRetry(message: string): void;
  countSubmit(): void;
}

/** Whether a failed submit may have reached the provider (so it must not be repeated or called failed). */
export function mayHaveStarted(info: ProviderErrorInfo): boolean {
  if (info.mayHaveStarted !== undefined) return info.mayHaveStarted;
  // No word from the adapter: only a clear answer (a refusal it classified, a retry-safe error) says "not started".
  return !info.retrySafe && (info.class === 'transient' || info.class === 'unknown');
}

export async function submitNewJob(ctx: SubmitContext, job: NewJob): Promise<SubmitEnd> {
  const jobKey = job.record.jobKey;
  const taken = await ctx.claims.take(jobKey);
  if (!('held' in taken)) return { kind: 'held' };
  try {
    const action = job.decide(await ctx.journal.history(jobKey));
    if (action.kind !== 'submit') return { kind: 'other', action };
    if (action.supersedes?.state === 'intent') await ctx.journal.write({ ...action.supersedes, state: 'unknown', updatedAt: ctx.clock.now() });
    const gate = ctx.beforeSubmit ? await ctx.beforeSubmit({ nodeId: job.record.nodeId, provider: job.provider.id, endpoint: job.endpoint, payload: job.payload }) : { ok: true as const };
    if (!gate.ok) return { kind: 'ended', state: 'failed', error: { class: 'plan', code: 'not-submitted', message: gate.reason } };
    const now = ctx.clock.now();
    let record: JournalRecord = { ...job.record, id: recordIdOf(jobKey, action.attempt), attempt: action.attempt, state: 'intent', ...(gate.estimate ? { estimate: gate.estimate } : {}), createdAt: now, updatedAt: now };
    await ctx.journal.write(record);
    const end = async (state: JournalRecord['state'], nodeState: NodeRunState, error: NodeError): Promise<SubmitEnd> => {
      record = { ...record, state, error, updatedAt: ctx.clock.now() };
      await ctx.journal.write(record);
      return { kind: 'ended', state: nodeState, error, record };
    };
    const deadline = ctx.clock.monotonic() + ctx.jobDeadlineMs;
    job.onSubmitting();
    for (let attempt = 0; ; attempt++) {
      let answer;
      try {
        job.countSubmit();
        answer = await job.provider.submit(job.endpoint, job.body ?? job.payload);
      } catch (error) {
        if (!isProviderError(error)) {
          const message = error instanceof Error ? error.message : String(error);
          return end('unknown', 'unknown', { class: 'unknown', message: `The submit broke off (${message}); the job may have started. It is not resubmitted automatically (resubmitting may charge again).` });
        }
        const info = error.info;
        const limited = info.class === 'rate_limited' && info.retrySafe;
        if (limited) ctx.limiter.lower(job.provider.id);
        if ((limited || (info.retrySafe && attempt + 1 < MAX_SUBMIT_ATTEMPTS)) && !ctx.signal.aborted && ctx.clock.monotonic() < deadline) {
          job.onRetry(`${info.message} Trying again.`);
          if (limited) job.slot.free();
          await ctx.clock.sleep(Math.min(retryDelay(Math.min(attempt, 5), ctx.policy, ctx.random, info.retryAfterMs), Math.max(0, deadline - ctx.clock.monotonic())), ctx.signal).catch(() => {});
          if (limited && !ctx.signal.aborted) await job.slot.acquire(ctx.signal).catch(() => {});
          if (ctx.signal.aborted) return end('cancelled', 'cancelled', { class: 'cancelled', message: 'Cancelled before the job was submitted.' });
          job.onSubmitting();
          continue;
        }
        if (limited) return end('failed', 'timeout', { ...errorOf(info), message: `${info.message} It was still refused after ${Math.round(ctx.jobDeadlineMs / 60000)} minutes; nothing was started.` });
        if (mayHaveStarted(info)) return end('unknown', 'unknown', { ...errorOf(info), message: `${info.message} The job may have started; it is not resubmitted automatically (resubmitting may charge again).` });
        return end('failed', 'failed', errorOf(info));
      }
      const submittedMono = ctx.clock.monotonic();
      record = { ...record, state: 'submitted', jobId: answer.jobId, updatedAt: ctx.clock.now() };
      await ctx.journal.write(record);
      return { kind: 'submitted', record, status: answer.status, submittedMono };
    }
  } finally {
    // Not waited for: the record says what happened now, and a claim left behind only expires.
    void taken.held.release();
  }
}
