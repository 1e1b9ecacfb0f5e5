import type { Provider } from '../providers/types.ts';
import { withRetries } from './backoff.ts';
import type { ClaimKeeper } from './claimKeeper.ts';
import { decideJob, type DecideOptions, type JobAction } from './jobDecision.ts';
import type { JobCache } from './jobCache.ts';
import { requestBodyOf } from '../templates/requestBody.ts';
import { buildPayload, jobKeyOf, logicalInputs, randomSeedFields, resolveInputs, type InputsContext } from './jobInputs.ts';
import type { Journal } from './journal.ts';
import type { PlannedNode } from './plan.ts';
import { Slot, type ProviderLimiter } from './providerLimiter.ts';
import type { RunState } from './runState.ts';
import { submitNewJob, type SubmitContext } from './submit.ts';
import { finishJob, type FinishContext } from './finishJob.ts';
import { watchClaim } from './watchClaim.ts';
import type { SignalFanOut } from './signalFanOut.ts';
import type { UploadMemos } from './uploadMemos.ts';
import type { LegacyJournal } from './legacyJournal.ts';
import type { Clock, JournalRecord, PollPolicy, Value } from './types.ts';

/**
 * One job node, from its inputs to its outputs: the job key (job inputs), then what the journal says
 * (jobDecision.ts) — reuse a finished job, follow or collect one that is out there, leave an unclear
 * one `unknown`, wait for a live claim — and only when there is nothing to follow, a new job through the
 * submit stage. Every path that reaches the provider goes through the journal first.
 */

export interface JobRunContext extends FinishContext {
  clock: Clock;
  policy: PollPolicy;
  random: () => number;
  limiter: ProviderLimiter;
  journal: Journal;
  cache: JobCache;
  claims: ClaimKeeper;
  uploads: UploadMemos;
  legacy: LegacyJournal;
  inputs: InputsContext;
  submit: Omit<SubmitContext, 'signal'>;
  state: RunState;
  runId: string;
  session: string;
  graphId: string;
  graphName?: string;
  take: string;
  noCache: boolean;
  dryRun: boolean;
  resubmit: readonly string[];
  /** Nodes that make a new take this run (re-roll, `from` mode). */
  fresh: ReadonlySet<string>;
  /** The job's cancel signal (a child of the run's, see `cancel`). */
  signal: AbortSignal;
  /** Hands each job its own child of the run's cancel signal. */
  cancel: SignalFanOut;
  provider(id: string): Provider | undefined;
}

export function endpointOf(p: PlannedNode): string {
  return p.template.endpoint ?? p.template.id;
}

export async function runJob(run: JobRunContext, p: PlannedNode, wired: Record<string, Value[]>, began: number): Promise<void> {
  // This job's own cancel signal (see signalFanOut.ts).
  const own = run.cancel.child();
  try {
    await runOneJob({ ...run, signal: own.signal }, p, wired, began);
  } finally {
    own.dispose();
  }
}

async function runOneJob(ctx: JobRunContext, p: PlannedNode, wired: Record<string, Value[]>, began: number): Promise<void> {
  const nodeId = p.node.id;
  const provider = ctx.provider(p.template.provider)!;
  const endpoint = endpointOf(p);
  const { state } = ctx;

  const resolved = await resolveInputs(p, wired, ctx.inputs);
  const logical = logicalInputs(p, resolved);
  const randomSeeds = randomSeedFields(p, logical);
  const newTakeEachTime = randomSeeds.length > 0 || ctx.fresh.has(nodeId);
  const inputs = Object.fromEntries(Object.entries(logical).filter(([name]) => !randomSeeds.includes(name)));
  const take = newTakeEachTime ? ctx.take : '';
  const jobKey = await jobKeyOf({ graphId: ctx.graphId, nodeId, take, provider: provider.id, endpoint, schemaHash: p.template.schemaHash, inputs }, ctx.inputs.hash);
  const options: DecideOptions = { fresh: ctx.noCache || newTakeEachTime, session: ctx.session, resubmit: ctx.resubmit.includes(nodeId) };
  const job = { p, provider, endpoint, jobKey, began, slot: new Slot(ctx.limiter, provider.id, p.remaining) };

  if (!options.fresh && !options.resubmit) {
    const entry = await ctx.cache.lookup(jobKey);
    if (entry && (await ctx.cache.filesPresent(entry.outputs))) {
      return state.cached(nodeId, entry.outputs, entry.jobId ? { provider: provider.id, jobId: entry.jobId, ...(entry.cost ? { cost: entry.cost } : {}) } : undefined);
    }
  }

  let history = await ctx.journal.history(jobKey);
  if (history.records.length === 0 && history.damaged.length === 0) {
    // A journal from before job keys may hold this node's job (legacyJournal.ts).
    const legacy = { jobKey, runId: ctx.runId, session: ctx.session, graphId: ctx.graphId, nodeId, provider: provider.id, endpoint };
    const adopted = await ctx.legacy.adopt({ record: legacy, schemaHash: p.template.schemaHash, inputs: logical }, ctx.clock.now(), !ctx.dryRun);
    if (adopted) history = { records: [adopted], damaged: [], next: 1 };
  }
  let action: JobAction = decideJob(history, options);
  // A job someone else submitted while this node waited is taken as it is: cached, not paid here.
  let adopted = false;
  for (;;) {
    switch (action.kind) {
      case 'reuse':
      case 'follow':
      case 'collect':
        return finishJob(ctx, job, action, { adopted });
      case 'unknown':
        return unknown(ctx, job, action);
      case 'failed':
        return state.fail(nodeId, 'failed', action.record.error ?? { class: 'unknown', message: 'The job failed (no reason given).' }, began, action.record.jobId);
      case 'intent': {
        const holder = await ctx.claims.holder(jobKey);
        if (holder && holder.owner !== ctx.claims.owner) {
          action = await watchClaim(ctx, { jobKey, attempt: action.record.attempt, decide: (h) => decideJob(h, options) });
          adopted = true;
          continue;
        }
        // Nobody alive is submitting it: the submit may have been sent before its sender died.
        return unknown(ctx, job, { kind: 'unknown', record: action.record });
      }
      case 'submit': {
        if (ctx.dryRun) return state.fail(nodeId, 'skipped', { class: 'plan', code: 'dry-run:submit', message: `Dry run: would submit to ${provider.id} (${endpoint}).` }, began);
        state.set(nodeId, 'queued');
        state.emit({ type: 'nodeQueued', runId: ctx.runId, at: ctx.clock.now(), nodeId });
        await job.slot.acquire(ctx.signal);
        try {
          state.set(nodeId, 'uploading');
          const payload = await buildPayload(p, resolved, (v) => ctx.uploads.mediaFor(provider, v, (file) => withRetries(() => provider.mediaInput(file, { signal: ctx.signal }), ctx, ctx.signal)));
          // The body in the provider's shape: the chosen variant's fields, media wrapped as the schema wants.
          const body = requestBodyOf(p.template, payload);
          const problems = p.template.validate(payload);
          if (problems.length > 0) {
            job.slot.free();
            return state.fail(nodeId, 'failed', { class: 'plan', message: problems.map((x) => (x.field ? `${x.field}: ${x.message}` : x.message)).join('; ') }, began);
          }
          if (ctx.signal.aborted) throw ctx.signal.reason;
          const record: Omit<JournalRecord, 'id' | 'attempt' | 'state' | 'createdAt' | 'updatedAt'> = {
            jobKey,
            runId: ctx.runId,
            session: ctx.session,
            graphId: ctx.graphId,
            ...(ctx.graphName ? { graphName: ctx.graphName } : {}),
            nodeId,
            ...(take ? { take } : {}),
            provider: provider.id,
            endpoint,
          };
          const end = await submitNewJob(
            { ...ctx.submit, signal: ctx.signal },
            {
              provider,
              endpoint,
              payload,
              body,
              record,
              slot: job.slot,
              decide: (h) => decideJob(h, options),
              onSubmitting: () => state.set(nodeId, 'submitting'),
              onRetry: (message) => {
                state.set(nodeId, 'queued');
                state.warn(message, nodeId);
              },
              countSubmit: () => state.submits++,
            },
          );
          if (end.kind === 'submitted') {
            state.jobs[nodeId] = { provider: provider.id, jobId: end.record.jobId! };
            state.emit({ type: 'nodeSubmitted', runId: ctx.runId, at: ctx.clock.now(), nodeId, provider: provider.id, endpoint, jobId: end.record.jobId!, resumed: false });
            return await finishJob(ctx, job, { kind: 'follow', record: end.record }, { submitted: { first: end.status, submittedMono: end.submittedMono } });
          }
          job.slot.free();
          if (end.kind === 'ended') return state.fail(nodeId, end.state, end.error, began, end.record?.jobId);
          action = end.kind === 'other' ? end.action : await watchClaim(ctx, { jobKey, attempt: action.attempt, decide: (h) => decideJob(h, options) });
          adopted = true;
          continue;
        } finally {
          job.slot.free();
        }
      }
    }
  }
}

/** The job may have been paid and nobody can tell: the node is `unknown` until the user resubmits. */
async function unknown(ctx: JobRunContext, job: { p: PlannedNode; began: number }, action: Extract<JobAction, { kind: 'unknown' }>): Promise<void> {
  const nodeId = job.p.node.id;
  if (action.damaged) {
    const d = action.damaged;
    const message = `The journal record of this job at ${d.where} is damaged (${d.reason}); it cannot tell whether the job was paid. Nothing is submitted: check the job at the provider, then resubmit only if you accept it may charge again.`;
    ctx.state.warn(message, nodeId);
    return ctx.state.fail(nodeId, 'unknown', { class: 'unknown', code: 'journal-damaged', message }, job.began);
  }
  if (ctx.dryRun) return ctx.state.fail(nodeId, 'skipped', { class: 'plan', code: 'dry-run:unknown', message: 'Dry run: an earlier submit of this job lost its answer; a run leaves it unknown (resubmit only if you accept it may charge again).' }, job.began, action.record?.jobId);
  if (action.record?.state === 'intent') await ctx.journal.write({ ...action.record, state: 'unknown', updatedAt: ctx.clock.now() });
  return ctx.state.fail(nodeId, 'unknown', { class: 'unknown', message: action.record?.error?.message ?? 'A submit of this job may have reached the provider but its answer was lost. Resubmit only if you accept it may charge again.' }, job.began, action.record?.jobId);
}
