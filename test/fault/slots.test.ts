import { describe, expect, it } from 'vitest';
import { runComfyBatch } from './harness/graphs.ts';
import { judge } from './harness/verdict.ts';
import { describeExit } from './harness/weftProcess.ts';
import { openWorkspace } from './harness/workspace.ts';

/**
 * Issue 19, "also found": a job running at the provider holds a slot of the provider's limit, whoever
 * follows it. A batch killed with two jobs running is run again with the same `--concurrency`: the jobs
 * it follows count, so the provider never has more jobs at once than the limit allows.
 */

describe('jobs followed after a kill hold provider slots', { timeout: 180_000 }, () => {
  it('a 6-row batch with --concurrency runcomfy=2, killed with two jobs running, never has more than 2 running at RunComfy', async () => {
    const ws = await openWorkspace(runComfyBatch('slots', 6), { durations: { image: 1500 } });
    try {
      // The first run's jobs are held running until the re-run polls them (so they are surely still running).
      ws.fake.holdNewJobs(true);
      const limit = ['--concurrency', 'runcomfy=2'];
      const child = ws.start(limit);
      // Killed on a status call that comes a moment after both submit answers left (both jobs journaled by then).
      let bothAnswered: number | undefined;
      const stopAnswers = ws.fake.on('answered', (c) => {
        if (c.kind === 'submit' && ws.fake.ledger.submits.filter((x) => x.answer === 'delivered').length === 2) bothAnswered = performance.now();
      });
      const stopWatching = ws.fake.on('call', async (c) => {
        if (c.kind !== 'status' || bothAnswered === undefined || c.at - bothAnswered < 150) return;
        await child.kill();
        return 'drop';
      });
      const stuck = setTimeout(() => void child.kill(), 90_000);
      const first = await child.done;
      clearTimeout(stuck);
      stopWatching();
      stopAnswers();
      ws.fake.holdNewJobs(false);
      const held = [...ws.fake.ledger.jobs.values()].filter((j) => j.held).map((j) => j.id);
      expect(held.length, `the first run should be killed with two jobs running: ${describeExit(first)}`).toBe(2);

      // A held job is let go once the re-run follows it; after 30 s regardless, so a re-run that never does still ends.
      const stopReleasing = ws.fake.on('call', (c) => (c.kind === 'status' && c.jobId && held.includes(c.jobId) ? ws.fake.release((j) => j.id === c.jobId) : undefined));
      const fallback = setTimeout(() => ws.fake.release(), 30_000);
      const again = await ws.run(limit);
      clearTimeout(fallback);
      stopReleasing();

      const most = ws.fake.ledger.maxRunning.runcomfy;
      expect(most, `${most} RunComfy jobs ran at once with --concurrency runcomfy=2: the re-run submitted new jobs while following the killed run's ${held.length} (${describeExit(again)})`).toBeLessThanOrEqual(2);
      const problems = await judge({ jobs: ws.scenario.jobs, ledger: ws.fake.ledger, ends: again.nodes, outDir: ws.out });
      expect(problems.length, `after the re-run:\n  ${problems.join('\n  ')}`).toBe(0);
    } finally {
      await ws.close();
    }
  });
});
