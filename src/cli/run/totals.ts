import type { JobCost } from '../../core/providers/types.ts';
import { succeeded, type RunOutcome } from './executeRuns.ts';
import { formatCost, formatSeconds, plural, sumCosts } from './format.ts';
import type { NodeLine } from './summary.ts';

/** What a whole invocation did, for the last line of the summary and its JSON: runs, jobs, time, money. */
export interface Totals {
  runs: number;
  done: number;
  failed: number;
  notStarted: number;
  /** Rows an earlier invocation finished (not run again). */
  doneEarlier: number;
  /** Jobs submitted (paid) by this invocation. */
  submitted: number;
  /** Jobs an earlier invocation submitted, followed to their end (not paid again). */
  followed: number;
  cached: number;
  elapsedMs: number;
  /** The sum of the known costs, when they share a currency. */
  cost: JobCost | null;
}

export function runTotals(outcomes: readonly RunOutcome[], linesOf: (o: RunOutcome) => readonly NodeLine[], doneEarlier: number): Totals {
  const lines = outcomes.flatMap(linesOf);
  const spans = outcomes.flatMap((o) => (o.summary && !o.notStarted ? [o.summary] : []));
  const started = Math.min(...spans.map((s) => s.startedAt));
  const finished = Math.max(...spans.map((s) => s.finishedAt));
  const notStarted = outcomes.filter((o) => o.notStarted).length;
  const done = outcomes.filter(succeeded).length;
  return {
    runs: outcomes.length,
    done,
    failed: outcomes.length - done - notStarted,
    notStarted,
    doneEarlier,
    submitted: lines.filter((l) => l.submitted === 'new').length,
    followed: lines.filter((l) => l.submitted === 'followed').length,
    cached: lines.filter((l) => l.state === 'cached').length,
    elapsedMs: spans.length ? finished - started : 0,
    cost: sumCosts(lines.map((l) => l.cost)) ?? null,
  };
}

/** `Total: 3 rows: 2 done, 1 failed · 3 jobs submitted, 0 cached · 12.3s · $1.20`. */
export function formatTotals(t: Totals, batch: boolean): string {
  const runs = batch
    ? `${plural(t.runs + t.doneEarlier, 'row')}: ${[`${t.done} done`, t.failed ? `${t.failed} failed` : '', t.notStarted ? `${t.notStarted} not started` : '', t.doneEarlier ? `${t.doneEarlier} done earlier` : ''].filter(Boolean).join(', ')}`
    : t.done === t.runs ? 'done' : t.notStarted ? 'not started' : 'failed';
  const jobs = `${plural(t.submitted, 'job')} submitted${t.followed ? `, ${t.followed} followed` : ''}, ${t.cached} cached`;
  return `Total: ${[runs, jobs, formatSeconds(t.elapsedMs), t.cost ? formatCost(t.cost) : ''].filter(Boolean).join(' · ')}`;
}
