import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * What `weft run` remembers per graph in the state folder (`<state>/cli/<graph id>.json`), so
 * `--resume` can repeat an interrupted invocation's values and a batch re-run can skip rows that
 * already succeeded. Holds values the user typed (never a key: those are refused before writing).
 */

export interface RowOutcome {
  number: number;
  state: 'done' | 'failed';
  folder: string;
  runId: string;
}

export interface RunRecord {
  graphFile: string;
  /** Where the invocation's relative `--set` paths resolve. */
  cwd: string;
  /** The invocation's `--set` arguments (local paths already absolute). */
  sets: string[];
  /** Absolute path of the batch file, if any. */
  batch?: string;
  out: string;
  /** Every run id this graph's invocations used (to find its unfinished jobs in the journal). */
  runIds: string[];
  /** False while running or after an interruption; true once an invocation ran to its end. */
  finished: boolean;
  /** Batch rows by row key (graph + values), so a re-run retries only the failed ones. */
  rows: Record<string, RowOutcome>;
}

/** A stable id for a graph file's content. */
export function graphIdOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function recordFile(stateDir: string, graphId: string): string {
  return path.join(stateDir, 'cli', `${graphId}.json`);
}

export async function loadRunRecord(stateDir: string, graphId: string): Promise<RunRecord | undefined> {
  try {
    const parsed = JSON.parse(await readFile(recordFile(stateDir, graphId), 'utf8')) as RunRecord;
    return { ...parsed, sets: parsed.sets ?? [], runIds: parsed.runIds ?? [], rows: parsed.rows ?? {} };
  } catch {
    return undefined;
  }
}

/** Writes the record atomically; refuses (throws) if it would contain one of `secrets`. */
export async function saveRunRecord(stateDir: string, graphId: string, record: RunRecord, secrets: readonly string[]): Promise<void> {
  const text = `${JSON.stringify(record, null, 2)}\n`;
  if (secrets.some((s) => s.length >= 8 && text.includes(s))) throw new Error('Refusing to write the run record: it would contain a configured API key.');
  const file = recordFile(stateDir, graphId);
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await rename(tmp, file);
}
