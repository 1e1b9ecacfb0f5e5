/**
 * `npm run soak`: the SIGKILL suite of test/fault for much longer than `npm test` runs it — 500 kills by
 * default — printing one line per iteration and, at the end, every broken promise with the seed that
 * replays it.
 *
 *   npm run soak                                   500 kills, a fresh seed, 3 iterations at a time
 *   SOAK_KILLS=2000 SOAK_PARALLEL=4 npm run soak
 *   FAULT_SEED=123 FAULT_ONLY=7,41 npm run soak     replays those iterations of seed 123
 *
 * Exits 1 when any iteration broke a promise. Each iteration uses its own fault provider on loopback and
 * its own scratch folder (kept with FAULT_KEEP=1).
 */

import { describeCoverage, describeFailures, runCampaign } from '../test/fault/harness/campaign.ts';
import { suiteSeed } from '../test/fault/harness/rng.ts';

function intFrom(name: string, fallback: number, min: number, max: number): number {
  const text = process.env[name]?.trim();
  if (!text) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}, not "${text}"`);
  return n;
}

const seed = suiteSeed();
const kills = intFrom('SOAK_KILLS', 500, 1, 1_000_000);
const parallel = intFrom('SOAK_PARALLEL', 3, 1, 16);
const only = process.env.FAULT_ONLY?.split(',').map((s) => intFrom('FAULT_ONLY', Number(s), 0, 1_000_000));
const started = Date.now();

console.log(`soak: FAULT_SEED=${seed}, ${only ? `iterations ${only.join(',')}` : `${kills} kills`}, ${parallel} at a time`);
const report = await runCampaign({
  seed,
  kills,
  parallel,
  maxIterations: kills * 2,
  ...(only ? { only } : {}),
  onIteration: (it) => {
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    console.log(`${seconds.padStart(5)}s  iteration ${String(it.index).padStart(4)}  ${it.scenario.padEnd(28)} kills ${it.kills.length}  ${it.violations.length ? `✗ ${it.violations[0]}` : 'ok'}`);
  },
});
console.log(`\nsoak: ${describeCoverage(report)} in ${Math.round((Date.now() - started) / 1000)} s`);
const failures = describeFailures(report);
if (failures) {
  console.log(`\n${failures}`);
  process.exitCode = 1;
} else console.log('soak: every promise kept.');
