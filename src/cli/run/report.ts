import type { Graph } from '../../core/model/graph.ts';
import type { NodeTemplate } from '../../core/model/template.ts';
import type { CliIo } from '../command.ts';
import { succeeded, type RunOutcome } from './executeRuns.ts';
import type { PreparedRow } from './prepareRuns.ts';
import { formatCost, formatSeconds, plural, sumCosts } from './format.ts';
import type { RunArgs } from './runArgs.ts';
import type { RunRecord } from './runRecord.ts';
import { dryRunTable, formatTable, summaryTable, type NodeLine } from './summary.ts';
import { formatTotals, runTotals } from './totals.ts';
import { jsonText } from '../terminalText.ts';

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

/**
 * At most `room` rows when stdout is a terminal of that height (a 200-row batch must not scroll the
 * screen away): the rows `keep` picks (failures) first, in order, then one line counting the rest.
 * Everything is in `--json`.
 */
function fitRows(rows: string[][], keep: (row: string[]) => boolean, room: number | undefined, what: string): string[][] {
  if (room === undefined || rows.length <= room) return rows;
  const chosen = new Set(rows.filter(keep).slice(0, room - 1));
  for (const row of rows) if (chosen.size < room - 1) chosen.add(row);
  const kept = rows.filter((r) => chosen.has(r));
  const rest = rows.filter((r) => !chosen.has(r));
  const states = [...new Set(rest.map((r) => r[1]!))].map((state) => `${rest.filter((r) => r[1] === state).length} ${state}`).join(', ');
  return [...kept, [`… ${plural(rest.length, `more ${what}`)}`, states, '', '', '(every one: --json)']];
}

/** One line per dry-run row: what it would do, counted. */
function dryRunRow(row: number | undefined, lines: readonly NodeLine[]): string[] {
  const count = (code: string) => lines.filter((l) => l.error?.code === code).length;
  const cached = lines.filter((l) => l.state === 'cached').length;
  const parts = [count('dry-run:submit') ? `would submit ${plural(count('dry-run:submit'), 'job')}` : '', count('dry-run:resume') ? `would follow ${count('dry-run:resume')}` : '', cached ? `${cached} cached` : '', count('dry-run:unknown') ? `${count('dry-run:unknown')} unknown` : ''];
  return [`row ${row}`, parts.filter(Boolean).join(', ') || 'nothing to submit'];
}

/** Prints the summary; returns whether a dry run found nothing wrong. */
export function printOutcome(input: PrintInput): boolean {
  const { opts, io, outcomes, label, shownPath } = input;
  const roleOf = (id: string) => {
    const type = input.graph.nodes.find((n) => n.id === id)?.type ?? '';
    return type === 'weft/save' ? 'save' : type === 'weft/preview' ? 'preview' : input.templates.get(type)?.provider === 'weft' ? 'input' : 'job';
  };
  const orderOf = (o: RunOutcome) => (o.summary ? Object.keys(o.summary.states) : []);
  const linesOf = (o: RunOutcome) => o.log.lines(orderOf(o));
  const dryOk = outcomes.every((o) => linesOf(o).every((l) => l.state !== 'failed' && l.state !== 'unknown'));
  const batch = opts.batch !== undefined || input.runs.some((r) => r.row !== undefined);
  const totals = runTotals(outcomes, linesOf, input.runs.filter((r) => r.doneEarlier).length);
  const room = io.outRows === undefined ? undefined : Math.max(5, io.outRows - 8);

  if (input.mode === 'json') {
    const runs = outcomes.map((o) => ({
      ...(o.run.row !== undefined ? { row: o.run.row } : {}),
      runId: o.run.runId,
      ok: succeeded(o),
      nodes: linesOf(o).map((l) => ({ node: l.nodeId, title: label(l.nodeId), state: l.state, elapsedMs: l.elapsedMs ?? null, cost: l.cost ?? null, files: l.files, jobId: l.jobId ?? null, ...(l.error ? { error: l.error } : {}) })),
    }));
    const skipped = input.runs.filter((r) => r.doneEarlier).map((r) => ({ row: r.row, doneEarlier: r.doneEarlier }));
    io.out(jsonText({ type: 'summary', dryRun: opts.dryRun, runs, ...(skipped.length ? { skipped } : {}), ...(opts.dryRun ? {} : { totals }) }));
    return dryOk;
  }

  if (opts.dryRun) {
    if (!batch) io.out(dryRunTable(linesOf(outcomes[0]!), label, roleOf));
    else io.out(formatTable(['row', 'dry run'], fitRows(outcomes.map((o) => dryRunRow(o.run.row, linesOf(o))), () => false, room, 'row')));
    io.out('Dry run: nothing was submitted and nothing was written.');
    return dryOk;
  }

  if (!batch) {
    io.out(summaryTable(linesOf(outcomes[0]!), label, shownPath));
  } else {
    const rows = input.runs.map((run) => {
      const o = outcomes.find((x) => x.run.runId === run.runId);
      if (run.doneEarlier || !o) return [`row ${run.row}`, run.doneEarlier ? 'done earlier' : '-', '-', '-', shownPath(run.outDir)];
      const lines = linesOf(o);
      const state = o.notStarted ? 'not started' : succeeded(o) ? 'done' : lines.find((l) => l.state !== 'done' && l.state !== 'cached' && l.state !== 'skipped')?.state ?? 'failed';
      const time = o.summary && !o.notStarted ? formatSeconds(o.summary.finishedAt - o.summary.startedAt) : '-';
      const files = lines.flatMap((l) => l.files);
      return [`row ${run.row}`, state, time, formatCost(sumCosts(lines.map((l) => l.cost))), files.length ? files.map(shownPath).join(', ') : shownPath(run.outDir)];
    });
    io.out(formatTable(['row', 'state', 'time', 'cost', 'output files'], fitRows(rows, (r) => r[1] !== 'done' && r[1] !== 'done earlier', room, 'row')));
    const reasons = outcomes.flatMap((o) => linesOf(o).filter((l) => l.error && l.state !== 'skipped').map((l) => `row ${o.run.row} · ${label(l.nodeId)}: ${l.state}: ${l.error!.message}`));
    const shown = room === undefined ? reasons : reasons.slice(0, Math.max(1, Math.floor(room / 2)));
    if (shown.length) io.out(['', ...shown, ...(shown.length < reasons.length ? [`… ${reasons.length - shown.length} more (every one: --json)`] : [])].join('\n'));
  }
  const saved = outcomes.some((o) => linesOf(o).some((l) => l.files.length > 0));
  io.out(formatTotals(totals, batch));
  if (saved) io.out(`Files are in ${shownPath(input.outDir)}/, each with a .weft.json provenance sidecar.`);
  return dryOk;
}
