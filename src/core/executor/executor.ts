import type { Graph } from '../model/graph.ts';
import { sha256Hex } from '../sha256.ts';
import { DEFAULT_POLL } from './backoff.ts';
import { runPreview, runSave, runStatic, type BuiltinContext } from './builtinNodes.ts';
import { ClaimKeeper } from './claimKeeper.ts';
import { realClock } from './clock.ts';
import { DurationMemory } from './durations.ts';
import { JobCache } from './jobCache.ts';
import type { InputsContext } from './jobInputs.ts';
import { Journal } from './journal.ts';
import { LegacyJournal } from './legacyJournal.ts';
import { runLocalNode } from './localNode.ts';
import { planRun, type Plan, type PlannedNode } from './plan.ts';
import { ProviderLimiter } from './providerLimiter.ts';
import { newRunId } from './runId.ts';
import { runJob, type JobRunContext } from './runJob.ts';
import { RunState } from './runState.ts';
import { schedule } from './schedule.ts';
import { SignalFanOut } from './signalFanOut.ts';
import { Scouts } from './scouts.ts';
import { UploadMemos } from './uploadMemos.ts';
import type { ExecutorDeps, ExecutorEvent, JournalRecord, PlanProblem, PollPolicy, RunOptions, RunSummary, Value } from './types.ts';

/**
 * The executor: wiring only. It plans a graph (plan.ts), then runs its nodes as soon as their inputs
 * are ready (schedule.ts) — built-in nodes at once (builtinNodes.ts), job nodes through their provider
 * (runJob.ts: job inputs → journal decision → claim and submit → follow → collect), sharing per
 * executor the provider limits, the journal, the job cache, the claims, learned durations and upload
 * memos — keeping RELIABILITY.md's promises about money: a paid job is submitted once and never
 * bought again, whatever fails, crashes or runs twice.
 */

export interface RunHandle {
  runId: string;
  /** Resolves when every planned node is final (or the plan had problems: then nothing ran). */
  done: Promise<RunSummary & { problems: PlanProblem[] }>;
  /**
   * Cancels the run (RELIABILITY promise 5). Calling it again does nothing more. With `detach` (a CLI
   * interrupted by Ctrl-C): jobs the provider cancels end `cancelled`; a job it will not cancel (already
   * running) is left `submitted` in the journal, unmarked, so the next run follows it instead of paying
   * again, and its node ends `cancelled` at once instead of waiting for the result.
   */
  cancel(options?: { detach?: boolean }): void;
}

export interface Executor {
  plan(graph: Graph, options?: RunOptions): Plan;
  /** Runs a plan this host already made (with the same options), or plans `graph` first. */
  run(what: Plan | Graph, options?: RunOptions, onEvent?: (event: ExecutorEvent) => void): RunHandle;
  /** Unfinished jobs in the journal (to reconcile on start). */
  unfinished(): Promise<JournalRecord[]>;
}

class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

function isPlan(what: Plan | Graph): what is Plan {
  return what.nodes instanceof Map;
}

export function createExecutor(deps: ExecutorDeps): Executor {
  const clock = deps.clock ?? realClock;
  const random = deps.random ?? Math.random;
  const policy: PollPolicy = { ...DEFAULT_POLL, ...deps.poll };
  const jobDeadlineMs = deps.jobDeadlineMs ?? 30 * 60_000;
  const runDeadlineMs = deps.runDeadlineMs ?? 3 * 60 * 60_000;
  const { storage } = deps;
  const hash = deps.hash ?? sha256Hex;
  const limiter = new ProviderLimiter(deps.concurrency ?? {}, clock, deps.limitCooldownMs ?? 60_000);
  const journal = new Journal(storage.journal);
  const cache = new JobCache(storage.cache, storage.blobs);
  // Not from `random` (the jitter source tests and the benchmark seed): an id must not shift it.
  const owner = deps.owner ?? newRunId('owner', clock.now(), Math.random);
  const durations = new DurationMemory(storage.durations, jobDeadlineMs);
  const uploads = new UploadMemos(storage.uploads, storage.blobs, clock, deps.urlFreshMs ?? 30 * 60_000);
  const scouts = new Scouts();
  const legacy = new LegacyJournal(storage.journal, storage.cache, hash);

  function plan(graph: Graph, options: RunOptions = {}): Plan {
    return planRun(graph, deps.getTemplate, options, (id) => Boolean(deps.provider(id)));
  }

  function run(what: Plan | Graph, options: RunOptions = {}, onEvent: (event: ExecutorEvent) => void = () => {}): RunHandle {
    const thePlan = isPlan(what) ? what : plan(what, options);
    const graph = thePlan.graph;
    const runId = options.runId ?? newRunId('run', clock.now(), random);
    const graphName = options.graphName ?? (typeof graph.name === 'string' && graph.name ? graph.name : undefined);
    const controller = new AbortController();
    const startedAt = clock.now();
    const state = new RunState(runId, clock, onEvent);
    let cancelRequested = false;
    let detach = false;
    const dryRun = options.dryRun === true;
    const inputs: InputsContext = { blobs: storage.blobs, hash, ...(deps.readLocal ? { readLocal: deps.readLocal } : {}), dryRun };
    const builtin: BuiltinContext = { state, clock, blobs: storage.blobs, inputs, runId, ...(graphName ? { graphName } : {}), dryRun, ...(deps.save ? { save: deps.save } : {}) };
    // Claims are per run: two overlapping runs of one executor wait for each other like two processes.
    const claims = new ClaimKeeper(storage.claims, `${owner}/${runId}`, deps.claimLeaseMs ?? 60_000, clock);
    const jobs: JobRunContext = {
      clock, policy, random, limiter, journal, cache, claims, uploads, legacy, inputs, durations, scouts, jobDeadlineMs, state, runId, dryRun,
      blobs: storage.blobs,
      submit: { clock, policy, random, limiter, journal, claims, jobDeadlineMs, ...(deps.beforeSubmit ? { beforeSubmit: deps.beforeSubmit } : {}) },
      session: options.session ?? runId,
      graphId: options.graphId ?? graph.id ?? '',
      ...(graphName ? { graphName } : {}),
      take: options.take ?? '',
      noCache: options.noCache === true,
      resubmit: options.resubmit ?? [],
      fresh: thePlan.fresh,
      signal: controller.signal,
      cancel: new SignalFanOut(controller.signal),
      detached: () => detach,
      provider: deps.provider,
    };

    const wiredInto = (p: PlannedNode): Record<string, Value[]> => {
      const values: Record<string, Value[]> = {};
      for (const edge of p.edgesIn) (values[edge.to.port] ??= []).push(...(state.outputs[edge.from.node]?.[edge.from.port] ?? []));
      return values;
    };
    const runNode = async (p: PlannedNode): Promise<void> => {
      const began = clock.now();
      const wired = wiredInto(p);
      const local = deps.localNodes?.[p.template.id];
      if (local) {
        const own = jobs.cancel.child();
        try {
          return await runLocalNode({ state, clock, cache, inputs, runId, signal: own.signal }, local, p, wired, began);
        } finally {
          own.dispose();
        }
      }
      if (p.role === 'static') return runStatic(builtin, p, wired);
      if (p.role === 'preview') return runPreview(builtin, p, wired);
      if (p.role === 'save') return runSave(builtin, p, wired, began);
      return runJob(jobs, p, wired, began);
    };

    const done = (async () => {
      if (thePlan.problems.length > 0) {
        const summary = state.summary(startedAt, false);
        state.emit({ type: 'runFinished', runId, at: clock.now(), summary });
        return { ...summary, problems: thePlan.problems };
      }
      state.emit({ type: 'runStarted', runId, at: startedAt, nodes: thePlan.order });
      for (const id of thePlan.order) state.set(id, 'waiting');
      const runTimer = clock.sleep(runDeadlineMs, controller.signal).then(
        () => {
          state.warn(`The run reached its ${Math.round(runDeadlineMs / 60000)}-minute deadline and was stopped.`);
          controller.abort(new Cancelled());
        },
        () => {},
      );
      await schedule(thePlan, state, controller.signal, runNode, () => clock.now());
      controller.abort(new Cancelled());
      await runTimer;
      const summary = state.summary(startedAt, cancelRequested);
      state.emit({ type: 'runFinished', runId, at: clock.now(), summary });
      return { ...summary, problems: [] };
    })();

    return {
      runId,
      done,
      cancel(cancelOptions) {
        if (cancelRequested) return;
        cancelRequested = true;
        detach = cancelOptions?.detach === true;
        controller.abort(new Cancelled());
      },
    };
  }

  return { plan, run, unfinished: () => journal.unfinished() };
}
