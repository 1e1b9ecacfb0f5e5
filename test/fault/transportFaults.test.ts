import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Fault, ProviderId } from './fakeProvider/index.ts';
import { expectOnDisk, expectPaidOnce, expectState } from './harness/expectations.ts';
import { runComfyImage, runningHubVeo } from './harness/graphs.ts';
import { describeExit } from './harness/weftProcess.ts';
import { openWorkspace } from './harness/workspace.ts';

/**
 * Issue 19, classes 4 and 7 — answers that are not answers. One malformed, empty or HTML answer to a
 * status call is a transport error, not a verdict; only the provider's own "not found", confirmed, makes
 * a job lost. A provider that accepts the connection and goes silent is cut off by the call's own timeout,
 * even while garbage collection runs all the time (Node 20's AbortSignal.any stops firing after GC).
 */

const scenarioOf = (provider: ProviderId, label: string) => (provider === 'runninghub' ? runningHubVeo(label) : runComfyImage(label));
const nodeOf = (provider: ProviderId) => (provider === 'runninghub' ? 'veo' : 'img');

const ONE_BAD_ANSWER: Fault['type'][] = ['htmlPage', 'http503', 'emptyStatus', 'numericStatus', 'html404', 'notFound'];

describe.concurrent('class 4: one malformed answer to a status call does not end the job', { timeout: 120_000 }, () => {
  for (const provider of ['runcomfy', 'runninghub'] as const) {
    for (const type of ONE_BAD_ANSWER) {
      it(`${provider}: the 2nd status call answers ${type}, once`, async () => {
        const ws = await openWorkspace(scenarioOf(provider, `class 4 ${type}`), { durations: { image: 2400, video: 2400 } });
        try {
          ws.fake.script.add({ call: 'status', nth: 2, fault: { type } as Fault });
          const story = `${provider}'s 2nd status call answered ${type}${type === 'notFound' ? ' (its own not-found, unconfirmed)' : ''}, once`;
          const run = await ws.run();
          expectState(run, nodeOf(provider), 'done', story);
          const job = expectPaidOnce(ws, nodeOf(provider), story);
          await expectOnDisk(ws, job, story);
        } finally {
          await ws.close();
        }
      });
    }
  }

  it('a job the provider keeps saying it does not know (its own format, confirmed) is lost, never done', async () => {
    const ws = await openWorkspace(runComfyImage('class 4 lost'), { durations: { image: 2400 } });
    try {
      ws.fake.script.add({ call: ['status', 'result'], fault: { type: 'notFound' }, times: Infinity, when: (c) => (c.nthForJob ?? 0) >= 2 });
      const run = await ws.run();
      expectState(run, 'img', 'lost', 'every status call after the first answered RunComfy 404001 (not found)');
    } finally {
      await ws.close();
    }
  });
});

const GC_PRESSURE = ['--expose-gc', `--import=${pathToFileURL(new URL('./harness/gcPressure.mjs', import.meta.url).pathname).href}`];

describe.concurrent('class 7: a provider that goes silent is cut off by the call timeout, under constant garbage collection', { timeout: 240_000 }, () => {
  it('a silent submit ends unknown by its own timeout, long before the run deadline', async () => {
    const ws = await openWorkspace(runComfyImage('class 7 submit'));
    try {
      ws.fake.script.add({ call: 'submit', fault: { type: 'silent' } });
      const run = await ws.run(['--timeout', '90s'], { nodeArgs: GC_PRESSURE });
      const story = 'the submit connection was accepted and never answered; weft run ran with a garbage collection every 25 ms and --timeout 90s';
      expect(run.stderr, `the run was ended by --timeout, not by the submit's own timeout — ${story}: ${describeExit(run)}`).not.toMatch(/--timeout/);
      expectState(run, 'img', 'unknown', story);
    } finally {
      await ws.close();
    }
  });

  it('a silent status call is cut off and the job still finishes', async () => {
    const ws = await openWorkspace(runComfyImage('class 7 status'), { durations: { image: 2400 } });
    try {
      ws.fake.script.add({ call: 'status', nth: 2, fault: { type: 'silent' } });
      const run = await ws.run(['--timeout', '90s'], { nodeArgs: GC_PRESSURE });
      const story = 'the 2nd status call was accepted and never answered; garbage collection every 25 ms, --timeout 90s';
      expect(run.stderr, `the run was ended by --timeout, not by the status call's own timeout — ${story}: ${describeExit(run)}`).not.toMatch(/--timeout/);
      expectState(run, 'img', 'done', story);
      expectPaidOnce(ws, 'img', story);
    } finally {
      await ws.close();
    }
  });
});
