import type { Fault } from '../fakeProvider/index.ts';
import { imageToVideoChain, runComfyBatch, runComfyImage, runningHubVeo, type Scenario } from './graphs.ts';
import { armKill, KILL_KINDS, type Kill, type KillKind, type KillPlan } from './killMoments.ts';
import { between, derive, pick, type Rng } from './rng.ts';
import { judge, savedHashes } from './verdict.ts';
import { describeExit, type WeftExit } from './weftProcess.ts';
import { openWorkspace } from './workspace.ts';

/**
 * One iteration of the SIGKILL suite: a small graph, `weft run` killed at a chosen moment (and perhaps
 * killed again while it resumes), then run again — plainly, with `--resume` or with `--no-cache`, as a
 * user would — until it finishes; then the verdict (verdict.ts) against the fault provider's books.
 */

export type RerunMode = 'plain' | '--resume' | '--no-cache';

export interface IterationReport {
  index: number;
  scenario: string;
  kills: Kill[];
  /** One line per run: its flags and how it ended. */
  runs: string[];
  /** A single malformed answer injected on top of the kills, if any. */
  fault?: string;
  violations: string[];
  /** Where its files are (kept with FAULT_KEEP=1). */
  dir: string;
}

const MAX_RUNS = 8;
/** Moments a resumed run passes through (it follows jobs; it should not submit again). */
const RESUME_KILLS: readonly KillKind[] = ['timer', 'early', 'first-poll', 'polling', 'result', 'download', 'after-download', 'file-appears'];
/** A run that takes longer than this is stuck: it is killed and reported (no test waits forever). */
const RUN_LIMIT_MS = 120_000;

const SCENARIOS: ((label: string) => Scenario)[] = [runComfyImage, runningHubVeo, imageToVideoChain, (label) => runComfyBatch(label, 3)];

/** Malformed answers a correct Weft survives: one of them on one status call, now and then. */
const ONE_BAD_ANSWER: readonly Fault[] = [{ type: 'http503' }, { type: 'htmlPage' }, { type: 'html404' }, { type: 'emptyStatus' }, { type: 'numericStatus' }];

function killPlan(rng: Rng, kind: KillKind, scenario: Scenario): KillPlan {
  // Only RunningHub with a local file uploads; elsewhere that moment is "early".
  const k = kind === 'upload' && !scenario.uploads ? 'early' : kind;
  const delayMs = k === 'timer' ? between(rng, 900, 5000) : k === 'early' ? between(rng, 50, 900) : between(rng, 0, 25);
  return { kind: k, delayMs, nth: between(rng, 2, 3) };
}

/** Whether a run ended with nothing left to do but nodes that are `unknown` (and what waits on them). */
function onlyUnknownLeft(exit: WeftExit, jobs: readonly string[]): boolean {
  const states = jobs.map((j) => exit.nodes.get(j)?.state);
  return states.includes('unknown') && states.every((s) => s === 'unknown' || s === 'done' || s === 'cached' || s === 'skipped');
}

export async function runIteration(seed: number, index: number, options: { extraKills?: number } = {}): Promise<IterationReport> {
  const rng = derive(seed, index);
  const makeScenario = SCENARIOS[index % SCENARIOS.length]!;
  const scenario = makeScenario(`fault ${seed}/${index}`);
  const ws = await openWorkspace(scenario, { durations: { image: 1500, video: 2400 } });
  const { fake } = ws;
  const report: IterationReport = { index, scenario: scenario.name, kills: [], runs: [], violations: [], dir: ws.dir };
  try {
    if (rng() < 0.3) {
      const fault = pick(rng, ONE_BAD_ANSWER);
      const nth = between(rng, 1, 4);
      fake.script.add({ call: 'status', nth, fault });
      report.fault = `${fault.type} on status call ${nth}`;
    }
    // The first run is always killed, at a moment that cycles through every kind; the next three often.
    const kills = [KILL_KINDS[(index + seed) % KILL_KINDS.length]!, ...Array.from({ length: options.extraKills ?? 3 }, () => (rng() < 0.85 ? pick(rng, RESUME_KILLS) : undefined))];
    let confirmed = false;
    let interrupted = false;
    /** The --no-cache runs: when they started and which results were saved by then. */
    const noCacheRuns: { from: number; to: number; saved: Set<string> }[] = [];
    let last: WeftExit | undefined;
    for (let run = 0; run < MAX_RUNS; run++) {
      // `--resume` picks up an interrupted run that got as far as a submit (before that, it says there is
      // nothing to resume and runs the bare graph, without the batch); otherwise a user runs it again.
      const mode: RerunMode = run === 0 ? 'plain' : pick(rng, interrupted ? (['plain', '--resume', '--no-cache'] as const) : (['plain', '--no-cache'] as const));
      // `--resume` repeats the interrupted invocation's values: it takes no --batch.
      const submitsBefore = fake.ledger.submits.length;
      const noCache = mode === '--no-cache' ? { from: performance.now(), to: Infinity, saved: await savedHashes(ws.out) } : undefined;
      const child = ws.start(mode === 'plain' ? [] : [mode], { batch: mode !== '--resume' });
      const planned = kills[run];
      const killed = planned ? armKill(killPlan(rng, planned, scenario), fake, child, ws.out) : Promise.resolve(undefined);
      const stuck = setTimeout(() => void child.kill(), RUN_LIMIT_MS);
      const exit = await child.done.finally(() => clearTimeout(stuck));
      const kill = await killed;
      if (noCache) noCacheRuns.push({ ...noCache, to: performance.now() });
      report.runs.push(`run ${run + 1} (${mode}): ${kill ? `killed ${kill.detail}` : `${describeExit(exit)}${planned ? ` (it ended before the planned ${planned} kill)` : ''}`}`);
      interrupted = kill !== undefined && fake.ledger.submits.length > submitsBefore;
      if (kill) {
        report.kills.push(kill);
        continue;
      }
      last = exit;
      if (exit.killed) {
        report.violations.push(`run ${run + 1} did not end within ${RUN_LIMIT_MS / 1000} s`);
        break;
      }
      if (exit.code === 0) break;
      if (exit.code !== 1) {
        report.violations.push(`run ${run + 1} (${mode}) exited ${exit.code}: ${exit.stderr.trim().split('\n').slice(-3).join(' / ')}`);
        break;
      }
      // Left `unknown`: one more plain run must leave it so and submit nothing.
      if (onlyUnknownLeft(exit, scenario.jobs)) {
        if (confirmed) break;
        confirmed = true;
      }
    }
    if (last) report.violations.push(...(await judge({ jobs: scenario.jobs, ledger: fake.ledger, ends: last.nodes, outDir: ws.out, mayRepay: (job, earlier) => noCacheRuns.some((r) => job.createdAt >= r.from && job.createdAt <= r.to && r.saved.has(earlier.file.sha256)) })));
    else report.violations.push(`every one of ${MAX_RUNS} runs was killed`);
  } finally {
    await ws.close();
  }
  return report;
}
