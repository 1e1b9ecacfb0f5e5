import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FakeJob, Ledger } from '../fakeProvider/ledger.ts';
import { isTerminal, phaseOf } from '../fakeProvider/ledger.ts';
import { mediaFiles } from './killMoments.ts';
import type { NodeEnd } from './weftProcess.ts';

/**
 * Judges what Weft did against the fault provider's books, one sentence per broken promise:
 *
 * - every node paid at most once (exactly once when it finished) — a `--no-cache` run may buy a new take
 *   of a node whose earlier job was already saved;
 * - every job Weft knew about that finished is on disk, byte for byte, in the output folder;
 * - a node is `unknown` only when its submit answer may not have reached Weft (Weft never asked the
 *   provider about its job);
 * - nothing else ends a node but done / cached (or skipped behind an `unknown` one).
 */

export interface VerdictInput {
  /** Generation nodes (`node/rN` per batch row). */
  jobs: readonly string[];
  ledger: Ledger;
  /** Node ends from the last run's `--json` summary. */
  ends: ReadonlyMap<string, NodeEnd>;
  outDir: string;
  /** States a node may end in besides done/cached (e.g. a test that expects `unknown`). */
  allowed?: (tag: string) => readonly string[];
  /**
   * Whether paying for `job` after `earlier` was the user's wish (`--no-cache` once the earlier job's
   * file was saved). Without it, every second job of a node is a broken promise.
   */
  mayRepay?: (job: FakeJob, earlier: FakeJob) => boolean;
}

/** SHA-256 of every saved media file under `dir`. */
export async function savedHashes(dir: string): Promise<Set<string>> {
  const hashes = new Set<string>();
  for (const file of await mediaFiles(dir)) hashes.add(createHash('sha256').update(await readFile(file)).digest('hex'));
  return hashes;
}

export async function judge(input: VerdictInput): Promise<string[]> {
  const { ledger, ends } = input;
  const saved = await savedHashes(input.outDir);
  const out = path.basename(input.outDir);
  const problems: string[] = [];
  const unknownSomewhere = [...ends.values()].some((e) => e.state === 'unknown');
  if (ends.size === 0) problems.push('the last run printed no --json summary line');

  for (const tag of input.jobs) {
    const jobs = ledger.jobsFor({ tag });
    const end = ends.get(tag);
    const state = end?.state ?? 'missing';
    if (jobs.slice(1).some((job, i) => !input.mayRepay?.(job, jobs[i]!))) {
      problems.push(`node ${tag} was submitted ${jobs.length} times at ${jobs[0]!.provider}; expected 1 (jobs ${jobs.map((j) => j.id).join(', ')})`);
    }
    // Unknown is right whenever the submit's answer may not have reached Weft; wrong once Weft polled the job.
    if (state === 'unknown') {
      const known = jobs.find((j) => ledger.followed(j.id));
      if (known) problems.push(`node ${tag} was left unknown, though Weft had polled its job ${known.id}`);
      continue;
    }
    if (state === 'done' || state === 'cached') {
      if (jobs.length === 0) problems.push(`node ${tag} ended ${state}, yet the provider never created a job for it`);
    } else if (state === 'skipped' && unknownSomewhere) {
      continue;
    } else if (!(input.allowed?.(tag) ?? []).includes(state)) {
      problems.push(`node ${tag} ended ${state}${end?.error?.message ? `: ${end.error.message}` : ''}`);
    }
    // Every job Weft knew about that finished is on disk (a paid result is never written off).
    for (const job of jobs) {
      if (phaseOf(job) !== 'succeeded' || !ledger.followed(job.id)) continue;
      if (!saved.has(job.file.sha256)) problems.push(`node ${tag}: job ${job.id} finished at ${job.provider} but its ${job.file.ext} is not in ${out}/ (node ${state})`);
    }
  }
  return problems;
}

/** Jobs still unfinished at the provider (held or running), for messages. */
export function unfinishedJobs(ledger: Ledger): string[] {
  return [...ledger.jobs.values()].filter((j) => !isTerminal(phaseOf(j))).map((j) => `${j.id} (${j.tag ?? j.endpoint})`);
}
