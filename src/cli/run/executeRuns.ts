import type { Executor, RunHandle } from '../../core/executor/executor.ts';
import type { Plan } from '../../core/executor/plan.ts';
import type { PlanProblem, RunSummary } from '../../core/executor/types.ts';
import type { Graph } from '../../core/model/graph.ts';
import type { Reporter } from './progress.ts';
import { NodeLog } from './summary.ts';

/**
 * Runs prepared graphs (one, or one per batch row) through one executor, so they share its cache,
 * journal and provider limits. Ctrl-C or the `--timeout` stops starting rows and cancels what the
 * providers can cancel; jobs already running are left in the journal (detached) for the next run.
 */

export interface PreparedRun {
  runId: string;
  graph: Graph;
  /** The plan made for it (run as it is: not planned twice). */
  plan?: Plan;
  /** Batch row number, or undefined for a single run. */
  row?: number;
}

export interface RunOutcome {
  run: PreparedRun;
  summary?: RunSummary & { problems: PlanProblem[] };
  log: NodeLog;
  /** The row never started (interrupted first). */
  notStarted: boolean;
}

export interface StopControl {
  /** Resolves with the reason when the user interrupts (Ctrl-C) or the deadline passes. */
  stopped: Promise<string>;
}

/** Rows worked on at once; provider limits still apply across all of them. */
const ROWS_IN_FLIGHT = 16;

export async function executeRuns(
  executor: Executor,
  runs: readonly PreparedRun[],
  options: { noCache: boolean; dryRun: boolean; graphName?: string; graphId?: string; session?: string },
  reporter: Reporter,
  control: StopControl,
): Promise<{ outcomes: RunOutcome[]; stopReason?: string }> {
  const handles = new Set<RunHandle>();
  let stopReason: string | undefined;
  void control.stopped.then((reason) => {
    stopReason = reason;
    for (const handle of handles) handle.cancel({ detach: true });
  });

  const outcomes: RunOutcome[] = runs.map((run) => ({ run, log: new NodeLog(), notStarted: true }));
  let next = 0;
  const worker = async () => {
    while (next < outcomes.length && stopReason === undefined) {
      const outcome = outcomes[next++]!;
      const { run } = outcome;
      outcome.notStarted = false;
      const runOptions = {
        runId: run.runId,
        noCache: options.noCache,
        dryRun: options.dryRun,
        ...(options.graphName ? { graphName: options.graphName } : {}),
        ...(options.graphId !== undefined ? { graphId: options.graphId } : {}),
        ...(options.session ? { session: options.session } : {}),
        // A batch row is a take of its own for nodes that make a new take each time (a random seed).
        ...(run.row !== undefined ? { take: `row-${run.row}` } : {}),
      };
      const handle = executor.run(run.plan ?? run.graph, runOptions, (event) => {
        outcome.log.add(event);
        reporter.event(event, run.row);
      });
      handles.add(handle);
      if (stopReason !== undefined) handle.cancel({ detach: true });
      outcome.summary = await handle.done;
      handles.delete(handle);
    }
  };
  await Promise.all(Array.from({ length: Math.min(ROWS_IN_FLIGHT, runs.length) }, worker));
  return { outcomes, ...(stopReason !== undefined ? { stopReason } : {}) };
}

/** True when every planned node of the run ended done or cached. */
export function succeeded(outcome: RunOutcome): boolean {
  const s = outcome.summary;
  if (!s || outcome.notStarted || s.problems.length > 0) return false;
  return Object.values(s.states).every((state) => state === 'done' || state === 'cached');
}
