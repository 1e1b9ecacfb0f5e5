import { describe, expect, it } from 'vitest';
import { expectOnDisk, expectState } from './harness/expectations.ts';
import { twinImages } from './harness/graphs.ts';
import { openWorkspace } from './harness/workspace.ts';

/**
 * Issue 19, "also found": two nodes with identical inputs are two takes — a user who places two image
 * nodes side by side wants two pictures — and running the unchanged graph again submits nothing.
 */

describe('each node is its own job', { timeout: 120_000 }, () => {
  it('two identical RunComfy image nodes are two jobs and two files; running the graph again submits nothing', async () => {
    const ws = await openWorkspace(twinImages('takes'), { durations: { image: 800 } });
    try {
      const first = await ws.run();
      const story = 'two image nodes with the same prompt, side by side';
      for (const node of ['a', 'b']) expectState(first, node, 'done', story);
      const jobs = ws.fake.ledger.jobsFor({ tag: 'twin' });
      expect(jobs.length, `${story}: ${jobs.length} job(s) submitted; expected 2, one per node`).toBe(2);
      for (const job of jobs) await expectOnDisk(ws, job, story);

      const again = await ws.run();
      for (const node of ['a', 'b']) expectState(again, node, ['done', 'cached'], `${story}, run again unchanged`);
      expect(ws.fake.ledger.jobs.size, `${story}: running the unchanged graph again submitted ${ws.fake.ledger.jobs.size - 2} more`).toBe(2);
    } finally {
      await ws.close();
    }
  });
});
