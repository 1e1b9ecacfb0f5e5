import { describe, expect, it } from 'vitest';
import { describeCoverage, describeFailures, runCampaign } from './harness/campaign.ts';
import { PHASES } from './harness/killMoments.ts';
import { suiteSeed } from './harness/rng.ts';

/**
 * The SIGKILL suite (issue 19, "Done when"): `weft run` on small graphs of both providers, killed at ≥ 30
 * moments chosen from FAULT_SEED — before and after the submit, while polling, fetching the result,
 * downloading, saving — and run again until it finishes. Exactly one submit per node, every finished
 * job's file on disk, `unknown` only after a lost answer. `npm run soak` runs the same for longer.
 */

const SEED = suiteSeed();
const KILLS = Number(process.env.FAULT_KILLS ?? 30);
const ONLY = process.env.FAULT_ONLY?.split(',').map(Number);

describe('weft run killed with SIGKILL at random moments, then run again', () => {
  it(`pays for every node once and keeps every result (FAULT_SEED=${SEED})`, { timeout: 900_000 }, async () => {
    const report = await runCampaign({ seed: SEED, kills: KILLS, parallel: 3, ...(ONLY ? { only: ONLY } : {}) });
    console.log(`SIGKILL suite: ${describeCoverage(report)}`);
    if (!ONLY) {
      expect(report.kills, describeCoverage(report)).toBeGreaterThanOrEqual(KILLS);
      expect(PHASES.filter((p) => report.phases[p] === 0), `phases no kill hit: ${describeCoverage(report)}`).toEqual([]);
    }
    const broken = report.iterations.filter((it) => it.violations.length > 0);
    expect(broken.length, describeFailures(report)).toBe(0);
  });
});
