import type { Graph } from '../../core/model/graph.ts';
import type { NodeTemplate } from '../../core/model/template.ts';
import type { JobCost } from '../../core/providers/types.ts';
import type { CliIo } from '../command.ts';
import { succeeded, type RunOutcome } from './executeRuns.ts';
import type { PreparedRow } from './prepareRuns.ts';
import { formatCost, formatSeconds } from './progress.ts';
import type { RunArgs } from './runArgs.ts';
import type { RunRecord } from './runRecord.ts';
import { dryRunTable, formatTable, summaryTable } from './summary.ts';

/** The end of `weft run`: the summary (table or JSON), the record's row outcomes, the resume hint. */

/** The record after this invocation: finished unless stopped, each run row's outcome. */
export function finishRecord(record: RunRecord, runs: readonly PreparedRow[], outcomes: readonly RunOutcome[], stopReason: string | undefined): RunRecord {
  const rows = { ...record.rows };
  outcomes.forEach((o, i) => {
    const run = runs[i]!;
    if (!run.rowKey || o.notStarted || !o.summary) return;
    rows[run.rowKey] = { number: run.row!, state: succeeded(o) ? 'done' : 'failed', folder: run.outDir, runId: run.runId };
  });
  return { ...record, finished: stopReason === undefined, rows };
}

function sumCosts(costs: readonly (JobCost | undefined)[]): JobCost | undefined {
  const present = costs.filter((c): c is JobCost => !!c);
  if (present.length === 0) return undefined;
  const currency = present[0]!.currency;
  if (present.some((c) => c.currency !== currency)) return undefined;
  return { amount: present.reduce((s, c) => s + c.amount, 0), ...(currency ? { currency } : {}) };
}

/** How to pick an interrupted run up again. */
export function resumeHint(opts: RunArgs, simulatorOnly: boolean): string {
  const quote = (s: string) => (/^[\w./@:+-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`);
  const state = opts.state !== '.weft' ? ` --state ${quote(opts.state)}` : '';
  const graph = quote(opts.graph!);
  const sim = opts.simulator ? ' --simulator' : '';
  if (simulatorOnly) return `The built-in simulator's jobs ended with it; run again with: weft run ${graph} --resume${sim}${state}`;
  return `Jobs still running at the provider stay in the journal (${opts.state}/journal) and are not submitted again. Resume with: weft run ${graph} --resume${sim}${state}`;
}

interface PrintInput {
  opts: RunArgs;
  io: CliIo;
  outcomes: readonly RunOutcome[];
  runs: readonly PreparedRow[];
  label: (id: string) => string;
  shownPath: (file: string) => string;
  templates: ReadonlyMap<string, NodeTemplate>;
  mode: 'json' | 'tty' | 'plain';
  graph: Graph;
  outDir: string;
}

/** Prints the summary; returns whether a dry run found nothing wrong. */
export function printOutcome(input: PrintInput): boolean {
  const { opts, io, outcomes, label, shownPath } = input;
  const roleOf = (id: string) => {
    const type = input.graph.nodes.find((n) => n.id === id)?.type ?? '';
    return type === 'weft/save' ? 'save' : type === 'weft/preview' ? 'preview' : input.templates.get(type)?.provider === 'weft' ? 'input' : 'job';
  };
  const orderOf = (o: RunOutcome) => (o.summary ? Object.keys(o.summary.states) : []);
  const dryOk = outcomes.every((o) => o.log.lines(orderOf(o)).every((l) => l.state !== 'failed' && l.state !== 'unknown'));

  if (input.mode === 'json') {
    const runs = outcomes.map((o) => ({
      ...(o.run.row !== undefined ? { row: o.run.row } : {}),
      runId: o.run.runId,
      ok: succeeded(o),
      nodes: o.log.lines(orderOf(o)).map((l) => ({ node: l.nodeId, title: label(l.nodeId), state: l.state, elapsedMs: l.elapsedMs ?? null, cost: l.cost ?? null, files: l.files, jobId: l.jobId ?? null, ...(l.error ? { error: l.error } : {}) })),
    }));
    const skipped = input.runs.filter((r) => r.doneEarlier).map((r) => ({ row: r.row, doneEarlier: r.doneEarlier }));
    io.out(JSON.stringify({ type: 'summary', dryRun: opts.dryRun, runs, ...(skipped.length ? { skipped } : {}) }));
    return dryOk;
  }

  if (opts.dryRun) {
    for (const o of outcomes) {
      if (o.run.row !== undefined) io.out(`row ${o.run.row}:`);
      io.out(dryRunTable(o.log.lines(orderOf(o)), label, roleOf));
    }
    io.out('Dry run: nothing was submitted and nothing was written.');
    return dryOk;
  }

  if (!opts.batch && input.runs.length === 1 && input.runs[0]!.row === undefined) {
    const o = outcomes[0]!;
    io.out(summaryTable(o.log.lines(orderOf(o)), label, shownPath));
  } else {
    const rows = input.runs.map((run) => {
      const o = outcomes.find((x) => x.run.runId === run.runId);
      if (run.doneEarlier || !o) return [`row ${run.row}`, run.doneEarlier ? 'done earlier' : '-', '-', '-', shownPath(run.outDir)];
      const lines = o.log.lines(orderOf(o));
      const state = o.notStarted ? 'not started' : succeeded(o) ? 'done' : lines.find((l) => l.state !== 'done' && l.state !== 'cached' && l.state !== 'skipped')?.state ?? 'failed';
      const time = o.summary && !o.notStarted ? formatSeconds(o.summary.finishedAt - o.summary.startedAt) : '-';
      const files = lines.flatMap((l) => l.files);
      return [`row ${run.row}`, state, time, formatCost(sumCosts(lines.map((l) => l.cost))), files.length ? files.map(shownPath).join(', ') : shownPath(run.outDir)];
    });
    io.out(formatTable(['row', 'state', 'time', 'cost', 'output files'], rows));
    const reasons = outcomes.flatMap((o) => o.log.lines(orderOf(o)).filter((l) => l.error && l.state !== 'skipped').map((l) => `row ${o.run.row} · ${label(l.nodeId)}: ${l.state}: ${l.error!.message}`));
    if (reasons.length) io.out(['', ...reasons].join('\n'));
  }
  const saved = outcomes.some((o) => o.log.lines(orderOf(o)).some((l) => l.files.length > 0));
  if (saved) io.out(`Files are in ${shownPath(input.outDir)}/, each with a .weft.json provenance sidecar.`);
  return dryOk;
}
