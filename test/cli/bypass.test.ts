import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/server/simulator/index.ts';
import { GRAPH, VEO, scratch, simEnv, submits, weft } from './runSupport.ts';

/** `weft run` applies Bypass as the editor does: a bypassed node is not run and passes its input on. */

let sim: RunningSimulator;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ host: '127.0.0.1', port: 0, timing: 'fast' });
  dir = await scratch();
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

describe('weft run with a bypassed node', { timeout: 30_000 }, () => {
  it('leaves the bypassed node out, says so, and submits without what it fed', async () => {
    const file = path.join(dir, GRAPH);
    const graph = JSON.parse(await readFile(file, 'utf8')) as { nodes: { id: string; title?: string; bypass?: boolean }[] };
    graph.nodes.find((n) => n.id === 'dog')!.bypass = true;
    await writeFile(file, JSON.stringify(graph));
    const result = await weft(['run', GRAPH], dir, simEnv(sim.url));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr + result.stdout).toMatch(/Bypassed, not run: Dog/);
    const veo = submits(sim.simulator.calls()).filter((c) => c.path === `/v1/models/${VEO}`);
    expect(veo).toHaveLength(1);
    expect((veo[0]!.body as { image_urls: string[] }).image_urls).toHaveLength(2);
  });
});
