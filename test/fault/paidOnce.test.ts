import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Fault, FaultProviderOptions, ProviderId } from './fakeProvider/index.ts';
import { expectOnDisk, expectPaidOnce, expectState, filesContaining, killWhileRunning } from './harness/expectations.ts';
import { runComfyImage, runningHubVeo, type Scenario } from './harness/graphs.ts';
import { describeExit } from './harness/weftProcess.ts';
import { openWorkspace, type Workspace } from './harness/workspace.ts';

/**
 * Issue 19, classes 1, 2, 3, 5 and 8 — a job the provider accepted is paid, and is never bought again:
 * not after a kill (whatever the seed and the flags), not when its download fails, not when the cache
 * disagrees with the journal, not after an unclear submit answer, not when a journal record is damaged.
 * Each test is `weft run` in a child process against the fault provider.
 */

const FAST = { durations: { image: 800, video: 1500 } };

async function inWorkspace(scenario: Scenario, body: (ws: Workspace) => Promise<void>, fakeOptions: Partial<FaultProviderOptions> = FAST): Promise<void> {
  const ws = await openWorkspace(scenario, fakeOptions);
  try {
    await body(ws);
  } finally {
    await ws.close();
  }
}

describe.concurrent('class 1: a node with a random seed, killed while its job runs, is followed on the next run', { timeout: 120_000 }, () => {
  for (const mode of ['plain', '--resume', '--no-cache'] as const) {
    it(`RunningHub Veo 3.1 Pro with an empty seed, then a ${mode} re-run`, () =>
      inWorkspace(runningHubVeo(`class 1 ${mode}`), async (ws) => {
        const kill = await killWhileRunning(ws);
        const story = `killed ${kill.detail}, then run again${mode === 'plain' ? '' : ` with ${mode}`}`;
        const again = await ws.run(mode === 'plain' ? [] : [mode], { batch: mode !== '--resume' });
        const job = expectPaidOnce(ws, 'veo', story);
        expectState(again, 'veo', ['done', 'cached'], story);
        await expectOnDisk(ws, job, story);
      }));
  }
});

describe.concurrent('class 2: a finished job whose result could not be fetched is paid, not written off', { timeout: 120_000 }, () => {
  it('its download answered 503 on every try: the next run downloads it, it does not buy it again', () =>
    inWorkspace(runComfyImage('class 2 download 503'), async (ws) => {
      let firstRun = true;
      ws.fake.script.add({ call: 'download', fault: { type: 'http503' }, times: Infinity, when: () => firstRun });
      // --timeout bounds a run that would retry the download for long: it must end and leave the job to the next run.
      const first = await ws.run(['--timeout', '60s']);
      expect(first.code, `the first run's downloads all answered 503, yet it reported success: ${describeExit(first)}`).not.toBe(0);
      firstRun = false;
      const story = 'every download of the first run answered 503, then run again';
      const again = await ws.run();
      const job = expectPaidOnce(ws, 'img', story);
      expectState(again, 'img', ['done', 'cached'], story);
      await expectOnDisk(ws, job, story);
    }));

  const refused = (fault: 'url' | 'redirect') =>
    inWorkspace(
      runComfyImage(`class 2 refused ${fault}`),
      async (ws) => {
        if (fault === 'redirect') ws.fake.script.add({ call: 'download', fault: { type: 'redirectToRefused' }, times: Infinity });
        const first = await ws.run();
        const story = fault === 'url' ? 'its result URL named a host Weft refuses, then run again' : 'its download redirected to a host Weft refuses, then run again';
        expect(first.stdout + first.stderr, `the refusal should name the refused host (localhost): ${describeExit(first)}`).toContain('localhost');
        await ws.run();
        expectPaidOnce(ws, 'img', story);
        const reached = ws.fake.ledger.requests.filter((r) => r.host.startsWith('localhost'));
        expect(reached.map((r) => r.path), `Weft fetched from the refused host — ${story}`).toEqual([]);
      },
      { ...FAST, planJob: () => (fault === 'url' ? { resultHost: 'refused' as const } : {}) },
    );
  it('a result URL on a host Weft refuses is reported and not bought again', () => refused('url'));
  it('a result download redirected to a refused host is reported and not bought again', () => refused('redirect'));
});

describe.concurrent('class 3: the journal is the truth; the cache is an index', { timeout: 120_000 }, () => {
  it('with the cache deleted after a finished run, the next run submits nothing', () =>
    inWorkspace(runComfyImage('class 3 cache'), async (ws) => {
      const first = await ws.run();
      expect(first.code, describeExit(first)).toBe(0);
      const cache = path.join(ws.state, 'cache');
      expect(await stat(cache).then(() => true, () => false), `the test deletes ${cache}, the cache index, but it is not there`).toBe(true);
      await rm(cache, { recursive: true });
      const story = 'the graph ran to the end, its cache folder was deleted, then run again';
      const again = await ws.run();
      const job = expectPaidOnce(ws, 'img', story);
      expectState(again, 'img', ['done', 'cached'], story);
      await expectOnDisk(ws, job, story);
    }));

  it('with the stored result and the saved file gone, the next run fetches them from the journal’s job, not by paying', () =>
    inWorkspace(runComfyImage('class 3 blobs'), async (ws) => {
      const first = await ws.run();
      expect(first.code, describeExit(first)).toBe(0);
      const blobs = path.join(ws.state, 'blobs');
      expect(await stat(blobs).then(() => true, () => false), `the test deletes ${blobs}, the stored results, but it is not there`).toBe(true);
      await rm(blobs, { recursive: true });
      await rm(ws.out, { recursive: true });
      const story = 'the graph ran to the end, its stored results and saved files were deleted, then run again';
      const again = await ws.run();
      const job = expectPaidOnce(ws, 'img', story);
      expectState(again, 'img', ['done', 'cached'], story);
      await expectOnDisk(ws, job, story);
    }));
});

/** Submit answers that do not clearly say "not started": the job may exist (here it does), so: unknown. */
const UNCLEAR: [ProviderId, Fault['type']][] = [
  ['runninghub', 'unknownError'],
  ['runninghub', 'htmlPage'],
  ['runninghub', 'drop'],
  ['runcomfy', 'http503'],
  ['runcomfy', 'htmlPage'],
  ['runcomfy', 'drop'],
];

describe.concurrent('class 5: an unclear submit answer leaves the node unknown, never failed or resubmitted', { timeout: 120_000 }, () => {
  UNCLEAR.forEach(([provider, type], i) => {
    // Half the cases re-run plainly, half with --no-cache: neither may submit again.
    const flags = i % 2 === 0 ? [] : ['--no-cache'];
    it(`${provider} answers the submit with ${type}, then a ${flags[0] ?? 'plain'} re-run`, () =>
      inWorkspace(provider === 'runninghub' ? runningHubVeo(`class 5 ${type}`) : runComfyImage(`class 5 ${type}`), async (ws) => {
        const node = provider === 'runninghub' ? 'veo' : 'img';
        ws.fake.script.add({ call: 'submit', fault: { type } as Fault, createsJob: true });
        const first = await ws.run();
        expectState(first, node, 'unknown', `the submit was answered with ${type}`);
        const story = `the submit was answered with ${type}, then run again${flags.length ? ` with ${flags.join(' ')}` : ''}`;
        const again = await ws.run(flags);
        expectState(again, node, 'unknown', story);
        expect(ws.fake.ledger.submits.length, `Weft submitted again after an unclear answer — ${story}`).toBe(1);
      }));
  });

  for (const provider of ['runcomfy', 'runninghub'] as const) {
    it(`an explicit "not started" answer from ${provider} (${provider === 'runcomfy' ? 'HTTP 429' : 'code 421'}) is retried and paid once`, () =>
      inWorkspace(provider === 'runninghub' ? runningHubVeo('class 5 not started') : runComfyImage('class 5 not started'), async (ws) => {
        const node = provider === 'runninghub' ? 'veo' : 'img';
        ws.fake.script.add({ call: 'submit', fault: { type: 'rateLimited' } });
        const run = await ws.run();
        const story = 'the first submit was refused as not started';
        expectState(run, node, 'done', story);
        const job = expectPaidOnce(ws, node, story);
        await expectOnDisk(ws, job, story);
      }));
  }
});

describe('class 8: a damaged journal record is reported, and its node waits for a person', { timeout: 120_000 }, () => {
  it('a record cut in half after a kill: reported with its path, node unknown, nothing submitted again', () =>
    inWorkspace(runComfyImage('class 8'), async (ws) => {
      const kill = await killWhileRunning(ws);
      const job = ws.fake.ledger.jobsFor({ tag: 'img' })[0]!;
      const records = (await filesContaining(ws.state, job.id)).filter((f) => f.endsWith('.json'));
      expect(records.length, `after a kill ${kill.detail}, no file in the state folder holds job ${job.id}`).toBeGreaterThan(0);
      for (const file of records) {
        const text = await readFile(file, 'utf8');
        await writeFile(file, text.slice(0, Math.floor(text.length / 2)));
      }
      const story = `killed ${kill.detail}, its journal record cut in half, then run again`;
      const again = await ws.run();
      expectPaidOnce(ws, 'img', story);
      expectState(again, 'img', 'unknown', story);
      const said = again.stdout + again.stderr;
      for (const file of records) expect(said, `the damaged record ${file} is not named in the output — ${story}`).toContain(path.basename(file));
    }));
});
