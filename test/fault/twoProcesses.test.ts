import { describe, expect, it } from 'vitest';
import { imageToVideoChain, runComfyBatch, type Scenario } from './harness/graphs.ts';
import { judge } from './harness/verdict.ts';
import { describeExit } from './harness/weftProcess.ts';
import { openWorkspace } from './harness/workspace.ts';

/**
 * Issue 19, class 6 — two `weft run` started together on one graph and one state folder (or two batches
 * sharing one) submit each job once in total: whoever finds a job claimed follows it and takes its result.
 * Both end with the files, no node failed or wrongly `unknown`.
 */

async function twoAtOnce(scenario: Scenario, what: string): Promise<void> {
  const ws = await openWorkspace(scenario, { durations: { image: 1500, video: 2000 } });
  try {
    const [a, b] = await Promise.all([ws.run(), ws.run()]);
    const problems: string[] = [];
    for (const [name, exit] of [['first', a], ['second', b]] as const) {
      if (exit.code !== 0) problems.push(`the ${name} process ended ${describeExit(exit)}`);
      for (const p of await judge({ jobs: scenario.jobs, ledger: ws.fake.ledger, ends: exit.nodes, outDir: ws.out })) problems.push(`${name} process: ${p}`);
    }
    const paid = ws.fake.ledger.jobs.size;
    // What was paid is one fact for both processes: say it once.
    const unique = [...new Set(problems.map((p) => (p.includes(' was submitted ') ? p.replace(/^\w+ process: /, '') : p)))];
    expect(unique.length, `${what}: ${paid} jobs paid for ${scenario.jobs.length} nodes:\n  ${unique.join('\n  ')}`).toBe(0);
  } finally {
    await ws.close();
  }
}

describe.concurrent('class 6: two processes on one state folder pay once', { timeout: 180_000 }, () => {
  it('two weft run of one graph (RunComfy image → RunningHub Veo) started together', () => twoAtOnce(imageToVideoChain('class 6 graph'), 'two weft run of one graph and one --state, started together'));

  it('two batches of 10 rows sharing a state folder', () => twoAtOnce(runComfyBatch('class 6 batch', 10), 'two weft run --batch rows.csv (10 rows) on one --state, started together'));
});
