import type { ClaimKeeper } from './claimKeeper.ts';
import type { JobAction } from './jobDecision.ts';
import type { Journal, JobHistory } from './journal.ts';
import type { Clock, JournalRecord } from './types.ts';

/**
 * Waiting for another owner's claim (promise 14): someone alive claimed this job key and is about to
 * submit, or is submitting. Instead of paying too, look at the journal now and then (backing off to
 * every 5 s) until their record has a job id or has ended — then take that job as ours (follow it,
 * collect it, reuse it, share its failure) — or until the claim is gone with nothing journaled, when
 * the node decides afresh. Never pays, never reports `unknown` because of someone else's live claim.
 */

export interface WatchContext {
  clock: Clock;
  journal: Journal;
  claims: ClaimKeeper;
  signal: AbortSignal;
}

const FIRST_LOOK_MS = 250;
const LONGEST_WAIT_MS = 5_000;

export async function watchClaim(ctx: WatchContext, watch: { jobKey: string; attempt: number; decide(history: JobHistory): JobAction }): Promise<JobAction> {
  for (let delay = FIRST_LOOK_MS; ; delay = Math.min(delay * 2, LONGEST_WAIT_MS)) {
    await ctx.clock.sleep(delay, ctx.signal);
    const history = await ctx.journal.history(watch.jobKey);
    const theirs = history.records.filter((r) => r.attempt >= watch.attempt && (r.jobId !== undefined || r.state !== 'intent')).at(-1);
    if (theirs) {
      const action = adopt(theirs);
      if (action) return action;
      return watch.decide(history);
    }
    const holder = await ctx.claims.holder(watch.jobKey);
    if (!holder || holder.owner === ctx.claims.owner) return watch.decide(history);
  }
}

/** Their record as our action; undefined when it ended in a way that leaves us to decide (cancelled). */
function adopt(record: JournalRecord): JobAction | undefined {
  switch (record.state) {
    case 'submitted':
    case 'lost':
      return { kind: 'follow', record };
    case 'collecting':
      return { kind: 'collect', record };
    case 'done':
      return { kind: 'reuse', record };
    case 'unknown':
      return { kind: 'unknown', record };
    case 'failed':
      return { kind: 'failed', record };
    default:
      return undefined;
  }
}
