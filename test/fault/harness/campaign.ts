import { runIteration, type IterationReport } from './iteration.ts';
import { PHASES, type Phase } from './killMoments.ts';

/**
 * Many iterations of the SIGKILL suite, a few at a time, until enough kills landed: `npm test` runs a
 * bounded campaign (test/fault/sigkill.test.ts), `npm run soak` a long one (scripts/soak.ts). The
 * report says which phases the kills hit and every broken promise with the seed that replays it.
 */

export interface CampaignOptions {
  seed: number;
  /** Stop starting iterations once this many kills landed (and every phase was hit). */
  kills: number;
  /** Iterations at once. */
  parallel: number;
  /** A bound on iterations, whatever the kills. */
  maxIterations?: number;
  /** Run only these iterations (replaying a failure: `FAULT_ONLY=3,11`). */
  only?: readonly number[];
  /** Told about each finished iteration (progress for the soak). */
  onIteration?: (report: IterationReport) => void;
}

export interface CampaignReport {
  seed: number;
  iterations: IterationReport[];
  kills: number;
  phases: Record<Phase, number>;
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignReport> {
  const iterations: IterationReport[] = [];
  let kills = 0;
  let next = 0;
  const max = options.maxIterations ?? Math.max(10, options.kills * 2);
  const phases = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>;
  // Enough kills, and every phase hit at least once (kills still to come from iterations in flight are
  // not known yet; a small overshoot is fine).
  const enough = () => kills >= options.kills && PHASES.every((p) => phases[p] > 0);
  const worker = async () => {
    while (options.only ? next < options.only.length : !enough() && next < max) {
      const report = await runIteration(options.seed, options.only ? options.only[next++]! : next++);
      kills += report.kills.length;
      for (const k of report.kills) phases[k.phase]++;
      iterations.push(report);
      options.onIteration?.(report);
    }
  };
  await Promise.all(Array.from({ length: options.parallel }, worker));
  iterations.sort((a, b) => a.index - b.index);
  return { seed: options.seed, iterations, kills, phases };
}

/** Every broken promise, each with the iteration's story, and the line that replays the campaign. */
export function describeFailures(report: CampaignReport): string {
  const failed = report.iterations.filter((it) => it.violations.length > 0);
  if (failed.length === 0) return '';
  const only = failed.map((it) => it.index).join(',');
  const lines = [`${failed.length} of ${report.iterations.length} iterations broke a promise (replay them: FAULT_SEED=${report.seed} FAULT_ONLY=${only}; FAULT_KEEP=1 keeps their folders):`];
  for (const it of failed) {
    lines.push(`- iteration ${it.index} (${it.scenario}${it.fault ? `, plus ${it.fault}` : ''}):`);
    for (const v of it.violations) lines.push(`    ✗ ${v}`);
    for (const r of it.runs) lines.push(`    · ${r.replace(/\n/g, '\n    ')}`);
    if (process.env.FAULT_KEEP) lines.push(`    folder: ${it.dir}`);
  }
  return lines.join('\n');
}

export function describeCoverage(report: CampaignReport): string {
  return `${report.kills} kills in ${report.iterations.length} iterations (FAULT_SEED=${report.seed}): ${PHASES.map((p) => `${p} ${report.phases[p]}`).join(', ')}`;
}
