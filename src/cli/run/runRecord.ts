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
  /** How many invocations of this graph (this content) ran to their end: numbers the sessions. */
  finishedRuns?: number;
  /** The session of the latest invocation (see sessionOf). */
  session?: string;
}

/** An id for a graph file's content: names its run record and its batch rows (an edit starts afresh). */
export function graphIdOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * The graph's identity in job keys (promise 8, issue 19): the `id` the file carries, else one derived
 * from where the file is (its real path), which an edit does not change — so a run of an edited
 * graph still finds its unchanged nodes' jobs, and two copies of a file are two graphs.
 */
export function graphIdentityOf(fileId: string | undefined, realPath: string): string {
  return fileId ?? `file-${createHash('sha256').update(realPath).digest('hex').slice(0, 24)}`;
}

/**
 * The session of this invocation: an interrupted invocation of the same content (or one still going —
 * two started together) is the same session, so a node that makes a new take each run does not pay
 * twice for it; an invocation after one that finished is a new session.
 */
export function sessionOf(graphId: string, record: RunRecord | undefined): string {
  if (record && !record.finished && record.session) return record.session;
  return `${graphId}#${(record?.finishedRuns ?? 0) + 1}`;
}

function recordFile(stateDir: string, graphId: string): string {
  return path.join(stateDir, 'cli', `${graphId}.json`);
}

export async function loadRunRecord(stateDir: string, graphId: string): Promise<RunRecord | undefined> {
  try {
    const parsed = JSON.parse(await readFile(recordFile(stateDir, graphId), 'utf8')) as RunRecord;
    return { ...parsed, sets: parsed.sets ?? [], runIds: parsed.runIds ?? [], rows: parsed.rows ?? {}, finishedRuns: typeof parsed.finishedRuns === 'number' ? parsed.finishedRuns : 0 };
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
