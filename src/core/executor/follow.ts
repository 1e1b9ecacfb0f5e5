import { isProviderError, isTerminal, type JobStatus, type Provider, type ProviderErrorInfo } from '../providers/types.ts';
import { sleepUntil } from './clock.ts';
import { pollDelay, retryDelay, withRetries } from './backoff.ts';
import { hintedWait, learnedWait, type DurationMemory } from './durations.ts';
import type { Scouts } from './scouts.ts';
import type { Clock, NodeError, PollPolicy } from './types.ts';

/**
 * The follow stage: polls a submitted job until it ends (RELIABILITY promises 4, 5, 15, 16). Never
 * submits. Polls land where the endpoint's jobs were learned to end (durations.ts), or back off blind;
 * one scout per never-seen endpoint polls for its siblings (scouts.ts). Only known terminal states end
 * a job; an unknown status is "still running". Errors count toward a consecutive limit (then the job is
 * `unreachable`) — a malformed answer included; a "not found" is confirmed by the result call before
 * the job is called `lost`. Deadlines run on the monotonic clock. Cancel: the provider is asked once;
 * a job it will not stop is watched to its end (`cancelling`), or left running when the run detaches.
 */

export type FollowEnd =
  | { kind: 'ended'; status: JobStatus }
  | { kind: 'cancelled' }
  | { kind: 'detached' }
  | { kind: 'lost'; error: NodeError }
  | { kind: 'unreachable'; error: NodeError }
  | { kind: 'timeout' };

export interface FollowContext {
  clock: Clock;
  policy: PollPolicy;
  random: () => number;
  durations: DurationMemory;
  scouts: Scouts;
  jobDeadlineMs: number;
  /** The run's cancel signal. */
  signal: AbortSignal;
  /** Whether the cancel was a detach (Ctrl-C: leave running jobs for the next run). */
  detached(): boolean;
}

export interface FollowJob {
  provider: Provider;
  jobId: string;
  /** `provider:endpoint`, for learned durations and scouts. */
  learnKey: string;
  /** Unique per follower (run and node), for scouts. */
  token: string;
  /** Monotonic time of the submit, for a job submitted by this process (durations are learned only from these). */
  submittedMono?: number;
  /** Wall-clock age of the job when following began (a resumed job), for pacing its polls. */
  ageMs?: number;
  /** Other jobs wait for this one: look at it more closely. */
  blocking: boolean;
  first?: JobStatus;
  /** The user had already asked to cancel it (kept on its record). */
  cancelRequested?: boolean;
  /** Each status as it arrives (progress, states). */
  onStatus(status: JobStatus, cancelling: boolean): void;
  /** The run was cancelled and the job is being asked to stop: persist that the user asked. */
  onCancelAsked(): Promise<void>;
  /** The provider would not stop it: the node is `cancelling`. */
  onCancelling(): void;
}

export function errorOf(info: ProviderErrorInfo): NodeError {
  return { class: info.class, message: info.message, ...(info.code ? { code: info.code } : {}), ...(info.providerMessage ? { providerMessage: info.providerMessage } : {}) };
}

export async function followJob(ctx: FollowContext, job: FollowJob): Promise<FollowEnd> {
  try {
    return await poll(ctx, job);
  } finally {
    ctx.scouts.release(job.learnKey, job.token);
  }
}

async function poll(ctx: FollowContext, job: FollowJob): Promise<FollowEnd> {
  const { clock, policy, random, signal } = ctx;
  const { provider, jobId } = job;
  const startMono = clock.monotonic();
  const learn = policy.learnDurations && job.submittedMono !== undefined;
  const origin = job.submittedMono ?? startMono - Math.max(0, job.ageMs ?? 0);
  const elapsedNow = () => clock.monotonic() - origin;
  const deadline = (job.submittedMono ?? startMono) + ctx.jobDeadlineMs;
  // A job that other jobs wait for delays them all by its detection delay: look twice as closely.
  const pace: PollPolicy = job.blocking ? { ...policy, elapsedFraction: policy.elapsedFraction / 2 } : policy;
  let status: JobStatus | undefined = job.first;
  let step = 0;
  let errorsInRow = 0;
  let cancel: 'none' | 'asked' | 'cancelling' = job.cancelRequested ? 'cancelling' : 'none';
  let polls = 0;
  let lastRunning = 0;
  let lastMark = '';
  const seen = (s: JobStatus) => {
    const mark = `${s.state}|${s.providerStatus}|${s.queuePosition ?? ''}|${s.progress ?? ''}`;
    const progressed = lastMark !== '' && mark !== lastMark;
    if (mark !== lastMark) job.onStatus(s, cancel === 'cancelling');
    lastMark = mark;
    return progressed;
  };

  while (!status || !isTerminal(status.state)) {
    if (signal.aborted && cancel === 'none') {
      cancel = 'asked';
      if (!ctx.detached()) await job.onCancelAsked();
      try {
        const answer = await withRetries(() => provider.cancel(jobId), ctx, undefined, 3);
        if (answer.outcome === 'cancelled' || answer.outcome === 'not_found') return { kind: 'cancelled' };
      } catch {
        /* the cancel call failed: the job may still run; keep watching it */
      }
      if (ctx.detached()) return { kind: 'detached' };
      cancel = 'cancelling';
      job.onCancelling();
    }
    if (clock.monotonic() >= deadline) return { kind: 'timeout' };
    const elapsed = elapsedNow();
    const window = learn ? await ctx.durations.get(job.learnKey) : undefined;
    const learned = learnedWait(window, elapsed, polls, policy);
    // A follower of an unknown endpoint waits for its scout (then looks at once), looking on its own
    // only every `capMs`; the scout backs off as usual.
    const follower = Boolean(status) && learn && !window && cancel === 'none' && !ctx.scouts.claim(job.learnKey, job.token);
    const blind = () => {
      const wait = pollDelay(step++, elapsed, pace, random);
      return learn ? Math.ceil(hintedWait(wait, elapsed, ctx.durations.hints(provider.id))) : wait;
    };
    const wait = !status ? 0 : follower ? policy.capMs : (learned ?? blind());
    const capped = Math.min(wait, Math.max(0, deadline - clock.monotonic()));
    const sleepSignal = cancel === 'none' ? signal : undefined;
    if (follower) await sleepUntil(clock, capped, ctx.scouts.ended(job.learnKey), sleepSignal).catch(() => {});
    else if (wait > 0) await clock.sleep(capped, sleepSignal).catch(() => {});
    if (signal.aborted && cancel === 'none') continue;
    try {
      const next = await statusOrConfirmed(provider, jobId);
      if (next === 'lost') return { kind: 'lost', error: { class: 'not_found', message: `${provider.id} no longer knows job ${jobId} (asked twice); it is lost, not done. It stays in the journal: the next run asks again, and only a resubmit pays for a new one.` } };
      status = next;
      polls++;
      if (!isTerminal(status.state)) lastRunning = elapsedNow();
      else if (learn && status.state === 'succeeded') await ctx.durations.observe(job.learnKey, lastRunning, elapsedNow());
      errorsInRow = 0;
      if (seen(status)) step = Math.max(0, step - 2); // progress: look again soon
    } catch (error) {
      if (!isProviderError(error)) throw error;
      const info = error.info;
      errorsInRow++;
      // Every error counts, a malformed answer too; a key that no longer works will not come back by waiting.
      if (info.class === 'auth' || errorsInRow >= policy.maxConsecutiveErrors) {
        return { kind: 'unreachable', error: { ...errorOf(info), message: `Could not get the job's status (${info.message}). It stays in the journal and resumes on the next run.` } };
      }
      await clock.sleep(retryDelay(errorsInRow, policy, random, info.retryAfterMs), cancel === 'none' ? signal : undefined).catch(() => {});
    }
  }
  seen(status);
  return { kind: 'ended', status };
}

/**
 * One status call; a "not found" is confirmed by asking for the result, which either finds the job
 * after all (its state stands in for the status) or says "not found" too (`lost`).
 */
async function statusOrConfirmed(provider: Provider, jobId: string): Promise<JobStatus | 'lost'> {
  try {
    return await provider.status(jobId);
  } catch (error) {
    if (!isProviderError(error) || error.info.class !== 'not_found') throw error;
    try {
      const result = await provider.result(jobId);
      return { jobId, state: result.state, providerStatus: result.providerStatus, ...(result.outputs.length ? { outputs: result.outputs } : {}), ...(result.cost ? { cost: result.cost } : {}), ...(result.error ? { error: result.error } : {}) };
    } catch (second) {
      if (isProviderError(second) && second.info.class === 'not_found') return 'lost';
      throw error;
    }
  }
}
