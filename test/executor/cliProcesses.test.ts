import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/server/simulator/index.ts';
import { GRAPH, scratch, simEnv, start, submits, waitFor, weft } from '../cli/runSupport.ts';

/**
 * Never pay twice, with real `weft run` processes (issue 19, classes 1 and 6): a run SIGKILLed while
 * its random-seed RunningHub Veo 3.1 Pro job runs is followed by the next run — with or without
 * --no-cache — and two runs (or two batches) started together on one state folder pay for each job
 * once. (The fault suite in test/fault kills at many more moments; these are the cases issue 19 names.)
 */

const RH_VEO = 'rhart-video-v3.1-pro-official/reference-to-video';
const RH_GRAPH = 'rh-veo.weft.json';

let sim: RunningSimulator;
let dir: string;
const dirs: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({ host: '127.0.0.1', port: 0, timing: 'fast' });
});
afterAll(async () => {
  await sim.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
beforeEach(async () => {
  sim.simulator.reset();
  dir = await scratch();
  dirs.push(dir);
  // The headless example on RunningHub's Veo 3.1 Pro, its seed left empty (random): its default.
  const doc = JSON.parse(await readFile(path.join(dir, GRAPH), 'utf8')) as { nodes: { id: string; type: string; values: Record<string, unknown>; schemaHash?: string }[]; edges: { to: { node: string; port: string } }[] };
  const veo = doc.nodes.find((n) => n.id === 'veo')!;
  veo.type = `runninghub/${RH_VEO}`;
  veo.values = { resolution: '720p' };
  delete veo.schemaHash;
  for (const e of doc.edges) if (e.to.node === 'veo' && e.to.port === 'image_urls') e.to.port = 'imageUrls';
  await writeFile(path.join(dir, RH_GRAPH), JSON.stringify(doc));
});

const veoSubmits = () => submits(sim.simulator.calls()).filter((c) => c.provider === 'runninghub' && c.jobId);
const running = (text: string) => /"type":"nodeProgress".*"jobState":"running"/.test(text);

describe('weft run processes on one state folder', { timeout: 60_000 }, () => {
  for (const noCache of [false, true]) {
    it(`a random-seed job running when weft run was SIGKILLed is followed by the next run${noCache ? ' with --no-cache' : ''}: one submit`, async () => {
      sim.simulator.configure({ timing: { queueMs: 0, runMs: 3000 } });
      const first = start(['run', RH_GRAPH, '--json'], dir, simEnv(sim.url));
      await waitFor(first.stdout, running);
      first.child.kill('SIGKILL');
      await first.done;
      expect(veoSubmits()).toHaveLength(1);

      const second = await weft(['run', RH_GRAPH, ...(noCache ? ['--no-cache'] : [])], dir, simEnv(sim.url));
      expect(second.code, second.stderr).toBe(0);
      expect(second.stderr).toMatch(/1 (unfinished )?job/);
      expect(veoSubmits()).toHaveLength(1);
      expect(await readdir(path.join(dir, 'weft-out'))).toContain('veo-reference-0.mp4');
    });
  }

  it('two weft run started together on one graph and state folder submit each job once, and both finish', async () => {
    sim.simulator.configure({ timing: { queueMs: 200, runMs: 1500 } });
    const env = simEnv(sim.url);
    const [a, b] = await Promise.all([weft(['run', RH_GRAPH, '--out', 'out-a'], dir, env), weft(['run', RH_GRAPH, '--out', 'out-b'], dir, env)]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(veoSubmits()).toHaveLength(1);
    expect(existsSync(path.join(dir, 'out-a', 'veo-reference-0.mp4'))).toBe(true);
    expect(existsSync(path.join(dir, 'out-b', 'veo-reference-0.mp4'))).toBe(true);
  });

  it('two batches started together on one state folder submit each row’s job once', async () => {
    sim.simulator.configure({ timing: { queueMs: 100, runMs: 800 } });
    await writeFile(path.join(dir, 'rows.csv'), 'prompt.text\n"one"\n"two"\n"three"\n');
    const env = simEnv(sim.url);
    const [a, b] = await Promise.all([weft(['run', RH_GRAPH, '--batch', 'rows.csv', '--out', 'out-a'], dir, env), weft(['run', RH_GRAPH, '--batch', 'rows.csv', '--out', 'out-b'], dir, env)]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(veoSubmits()).toHaveLength(3);
    expect(veoSubmits().map((c) => (c.body as { prompt?: string }).prompt).sort()).toEqual(['one', 'three', 'two']);
  });
});
