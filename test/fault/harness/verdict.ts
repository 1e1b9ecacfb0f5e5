import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Ledger } from '../fakeProvider/ledger.ts';
import { isTerminal, phaseOf } from '../fakeProvider/ledger.ts';
import { mediaFiles } from './killMoments.ts';
import type { NodeEnd } from './weftProcess.ts';

/**
 * Judges what Weft did against the fault provider's books, one sentence per broken promise:
 *
 * - every node paid at most once (exactly once when it finished);
 * - every job Weft knew about that finished is on disk, byte for byte, in the output folder;
 * - a node is `unknown` only when its submit answer really was lost (cut off, or not a clear answer),
 *   or may have been (delivered, but Weft never asked about the job afterwards);
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
    const submits = ledger.submits.filter((s) => s.tag === tag);
    const jobs = ledger.jobsFor({ tag });
    const end = ends.get(tag);
    const state = end?.state ?? 'missing';
    if (jobs.length > 1) {
      problems.push(`node ${tag} was submitted ${jobs.length} times at ${jobs[0]!.provider}; expected 1 (jobs ${jobs.map((j) => j.id).join(', ')})`);
    }
    const lost = submits.some((s) => s.answer !== 'delivered');
    const unclear = submits.some((s) => s.answer === 'delivered' && s.jobId !== undefined && !ledger.followed(s.jobId));
    if (state === 'unknown') {
      if (!lost && !unclear) {
        const known = jobs.find((j) => ledger.followed(j.id));
        problems.push(`node ${tag} was left unknown, though its submit was answered and Weft ${known ? `polled its job ${known.id}` : 'had the answer'}`);
      }
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
