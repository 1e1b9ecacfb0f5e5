import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import type { FakeJob } from '../fakeProvider/index.ts';
import { armKill, type Kill, type KillPlan } from './killMoments.ts';
import { savedHashes } from './verdict.ts';
import { describeExit, type WeftChild, type WeftExit } from './weftProcess.ts';
import type { Workspace } from './workspace.ts';

/**
 * Assertions of the per-class tests, each failing with one sentence that says what broke and how we got
 * there (`story`: "killed on the 2nd status call, then run again with --resume").
 */

export function expectPaidOnce(ws: Workspace, tag: string, story: string): FakeJob {
  const jobs = ws.fake.ledger.jobsFor({ tag });
  expect(jobs.length, `node ${tag} was submitted ${jobs.length} times at the provider; expected 1 — ${story}`).toBe(1);
  return jobs[0]!;
}

export async function expectOnDisk(ws: Workspace, job: FakeJob, story: string): Promise<void> {
  const saved = await savedHashes(ws.out);
  expect(saved.has(job.file.sha256), `job ${job.id} (node ${job.tag}) finished at ${job.provider}, but its ${job.file.ext} is not in out/ — ${story}`).toBe(true);
}

export function expectState(exit: WeftExit, node: string, states: string | readonly string[], story: string): void {
  const wanted = typeof states === 'string' ? [states] : states;
  const end = exit.nodes.get(node);
  const got = end ? `${end.state}${end.error?.message ? ` (${end.error.message})` : ''}` : `without a --json summary (${describeExit(exit)})`;
  expect(wanted, `node ${node} ended ${got}; expected ${wanted.join(' or ')} — ${story}`).toContain(end?.state);
}

/** Arms a kill and waits for it; fails if `weft run` ended before the moment came. */
export async function killAt(ws: Workspace, child: WeftChild, plan: Pick<KillPlan, 'kind'> & Partial<KillPlan>): Promise<Kill> {
  const kill = await armKill({ delayMs: 0, nth: 2, ...plan }, ws.fake, child, ws.out);
  if (!kill) expect.fail(`weft run ended before the ${plan.kind} kill moment came: ${describeExit(await child.done)}`);
  return kill;
}

/**
 * Starts `weft run` with new jobs held running at the provider, kills it on the first status call of
 * one (so Weft surely had the job id and the job surely had not finished), then lets the jobs run.
 */
export async function killWhileRunning(ws: Workspace): Promise<Kill> {
  ws.fake.holdNewJobs(true);
  try {
    return await killAt(ws, ws.start(), { kind: 'first-poll' });
  } finally {
    ws.fake.holdNewJobs(false);
    ws.fake.release();
  }
}

/** Files under `dir` (recursively) whose bytes contain `needle`. */
export async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const hits: string[] = [];
  for (const e of entries.filter((x) => x.isFile())) {
    const file = path.join(e.parentPath, e.name);
    if ((await readFile(file)).includes(needle)) hits.push(file);
  }
  return hits;
}
