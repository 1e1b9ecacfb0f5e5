import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Executor } from '../../core/executor/executor.ts';
import type { GetTemplate, Graph } from '../../core/model/graph.ts';
import { canonicalJson } from '../../core/templates/hash.ts';
import { readBatchFile } from './batchFile.ts';
import type { PreparedRun } from './executeRuns.ts';
import { applyOverrides, parseColumn, parseSet, type Override } from './overrides.ts';
import { describeProblem } from '../runnable.ts';
import type { RunRecord } from './runRecord.ts';

/**
 * From a loaded graph and the invocation's values to the runs to do: overrides applied and checked, a
 * batch split into rows (each with its own output folder and a key to recognise it on a re-run), every
 * run planned — all before anything is spent. Problems throw one message (exit 2).
 */

export interface PreparedRow extends PreparedRun {
  /** Identifies the row's values (with the graph), to skip rows a previous invocation finished. */
  rowKey?: string;
  outDir: string;
  /** Finished by an earlier invocation: not run again. */
  doneEarlier?: string;
}

export interface PrepareInput {
  graph: Graph;
  graphId: string;
  sets: readonly string[];
  /** Where relative --set paths resolve. */
  setsCwd: string;
  batchFile?: string;
  outDir: string;
  record?: RunRecord;
  noCache: boolean;
  getTemplate: GetTemplate;
  executor: Executor;
  newRunId: (row?: number) => string;
}

export async function prepareRuns(input: PrepareInput): Promise<{ runs: PreparedRow[]; notices: string[] }> {
  const { getTemplate } = input;
  const notices: string[] = [];
  const problems: string[] = [];
  const setOverrides: Override[] = [];
  for (const text of input.sets) {
    try {
      setOverrides.push(parseSet(text));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length) throw new Error(problems.join('\n'));

  const runs: PreparedRow[] = [];
  const plan = (run: PreparedRow, where: string) => {
    run.plan = input.executor.plan(run.graph, { noCache: input.noCache });
    for (const p of run.plan.problems) problems.push(describeProblem(run.graph, p, where));
  };

  if (!input.batchFile) {
    try {
      const applied = applyOverrides(input.graph, setOverrides, getTemplate, input.setsCwd);
      notices.push(...applied.notices);
      const run: PreparedRow = { runId: input.newRunId(), graph: applied.graph, outDir: input.outDir };
      plan(run, '');
      runs.push(run);
    } catch (error) {
      problems.push((error as Error).message);
    }
    if (problems.length) throw new Error(problems.join('\n'));
    return { runs, notices };
  }

  const { rows } = await readBatchFile(input.batchFile);
  const width = String(rows.length).length;
  for (const row of rows) {
    const where = `row ${row.number} (line ${row.line})`;
    try {
      const cells = Object.entries(row.cells).map(([column, raw]) => parseColumn(column, raw, where));
      const applied = applyOverrides(input.graph, [...setOverrides, ...cells], getTemplate, path.dirname(input.batchFile));
      notices.push(...applied.notices);
      const rowKey = createHash('sha256').update(canonicalJson({ graph: input.graphId, sets: input.sets, cells: row.cells })).digest('hex').slice(0, 24);
      const outDir = path.join(input.outDir, `row-${String(row.number).padStart(Math.max(3, width), '0')}`);
      const earlier = input.record?.rows[rowKey];
      const run: PreparedRow = { runId: input.newRunId(row.number), graph: applied.graph, row: row.number, rowKey, outDir, ...(earlier?.state === 'done' && !input.noCache ? { doneEarlier: earlier.folder } : {}) };
      plan(run, `${where}: `);
      runs.push(run);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length) throw new Error(problems.join('\n'));
  return { runs, notices };
}
