import { existsSync } from 'node:fs';
import { copyFile, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/server/simulator/index.ts';
import { EXAMPLE, GRAPH, VEO, filesWithKeys, scratch, simEnv, start, submits, waitFor, weft, ROOT } from './runSupport.ts';

/**
 * `weft run` end to end: the real command in a child process, against the simulator on loopback (with
 * test keys, as a live provider would be configured), in a scratch copy of examples/headless.
 */

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
  sim.simulator.configure({ timing: 'fast' });
  dir = await scratch();
  dirs.push(dir);
});
afterEach(async () => {
  // Promise 9: whatever the run wrote (outputs, sidecars, journal, cache, run records) holds no key.
  expect(await filesWithKeys(dir)).toEqual([]);
});

const veoSubmits = () => submits(sim.simulator.calls()).filter((c) => c.path === `/v1/models/${VEO}`);
const bodyOf = (call: { body: unknown }) => call.body as { prompt: string; image_urls: string[]; resolution: string };
const dataUri = async (file: string) => `data:image/png;base64,${(await readFile(file)).toString('base64')}`;

describe('weft run', { timeout: 30_000 }, () => {
  it('runs the Veo 3.1 reference pipeline from three local images, saves the clip with a sidecar, and a second run submits nothing', async () => {
    const first = await weft(['run', GRAPH], dir, simEnv(sim.url));
    expect(first.code, first.stderr).toBe(0);
    expect(veoSubmits()).toHaveLength(1);
    const body = bodyOf(veoSubmits()[0]!);
    expect(body.image_urls).toEqual([await dataUri(path.join(EXAMPLE, 'woman.png')), await dataUri(path.join(EXAMPLE, 'market.png')), await dataUri(path.join(EXAMPLE, 'dog.png'))]);
    expect(body.prompt).toMatch(/^The woman from the first image/);
    expect(first.stdout).toMatch(/^Veo 3\.1 +done +\d+\.\ds +\$0\.\d\d +-$/m);
    expect(first.stdout).toMatch(/^Save +done .* weft-out\/veo-reference-0\.mp4$/m);
    expect(first.stderr).toContain('RunComfy: live at');

    const out = path.join(dir, 'weft-out');
    expect((await readdir(out)).sort()).toEqual(['veo-reference-0.mp4', 'veo-reference-0.mp4.weft.json']);
    const sidecar = JSON.parse(await readFile(path.join(out, 'veo-reference-0.mp4.weft.json'), 'utf8')) as Record<string, unknown>;
    expect(sidecar).toMatchObject({ graph: 'Veo 3.1 reference clip', node: 'veo', saveNode: 'save', provider: 'runcomfy', endpoint: VEO, jobId: veoSubmits()[0]!.jobId, mimeType: 'video/mp4' });

    const second = await weft(['run', GRAPH], dir, simEnv(sim.url));
    expect(second.code, second.stderr).toBe(0);
    expect(submits(sim.simulator.calls())).toHaveLength(1);
    expect(second.stdout).toMatch(/^Veo 3\.1 +cached /m);
    // The same clip is not written twice.
    expect((await readdir(out)).sort()).toEqual(['veo-reference-0.mp4', 'veo-reference-0.mp4.weft.json']);
  });

  it('applies --set by node id or title, media paths included, and exits 2 on a bad override without submitting', async () => {
    await writeFile(path.join(dir, 'cat.png'), await readFile(path.join(EXAMPLE, 'woman.png')));
    const ok = await weft(['run', GRAPH, '--set', 'prompt.text=A red fox in the snow', '--set', 'Veo 3.1.resolution=1080p', '--set', 'Dog.url=cat.png'], dir, simEnv(sim.url));
    expect(ok.code, ok.stderr).toBe(0);
    const body = bodyOf(veoSubmits()[0]!);
    expect(body.prompt).toBe('A red fox in the snow');
    expect(body.resolution).toBe('1080p');
    expect(body.image_urls[2]).toBe(await dataUri(path.join(dir, 'cat.png')));

    const [badValue, badNode, badPath, badOption, missingGraph] = await Promise.all([
      weft(['run', GRAPH, '--set', 'veo.resolution=4k'], dir, simEnv(sim.url)),
      weft(['run', GRAPH, '--set', 'camera.angle=low'], dir, simEnv(sim.url)),
      weft(['run', GRAPH, '--set', 'woman.url=nowhere.png'], dir, simEnv(sim.url)),
      weft(['run', GRAPH, '--colour', 'red'], dir, simEnv(sim.url)),
      weft(['run', 'missing.weft.json'], dir, simEnv(sim.url)),
    ]);
    expect(badValue).toMatchObject({ code: 2 });
    expect(badValue.stderr).toContain('--set veo.resolution: takes one of 720p, 1080p, not "4k"');
    expect(badNode.code).toBe(2);
    expect(badNode.stderr).toContain('there is no node "camera"');
    expect(badPath.code).toBe(2);
    expect(badPath.stderr).toContain('"nowhere.png" does not exist');
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain("unknown option '--colour'");
    expect(missingGraph.code).toBe(2);
    expect(veoSubmits()).toHaveLength(1);
  });

  it('--dry-run lists what would be submitted and what is cached, and spends and writes nothing', async () => {
    const before = await weft(['run', GRAPH, '--dry-run'], dir, simEnv(sim.url));
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toMatch(new RegExp(`^Veo 3\\.1 +job +would submit to runcomfy \\(${VEO}\\)$`, 'm'));
    expect(before.stdout).toContain('Dry run: nothing was submitted and nothing was written.');
    expect(existsSync(path.join(dir, '.weft'))).toBe(false);
    expect(existsSync(path.join(dir, 'weft-out'))).toBe(false);
    expect(sim.simulator.calls()).toEqual([]);

    expect((await weft(['run', GRAPH], dir, simEnv(sim.url))).code).toBe(0);
    const after = await weft(['run', GRAPH, '--dry-run', '--set', 'save.filename=other-{index}'], dir, simEnv(sim.url));
    expect(after.stdout).toMatch(/^Veo 3\.1 +job +cached: nothing to submit$/m);
    expect(after.stdout).toMatch(/^Save +save +would save 1 file$/m);
    expect(submits(sim.simulator.calls())).toHaveLength(1);
  });

  it('runs a batch once per row into its own folder, exits 1 for the failing row, and a re-run retries only that row', async () => {
    const rows = (second: string) => ['prompt.text,veo.resolution', '"A fox, running",720p', `${second},1080p`, 'An owl at night,720p', ''].join('\n');
    await writeFile(path.join(dir, 'rows.csv'), rows('A bear [sim:fail]'));
    const first = await weft(['run', GRAPH, '--batch', 'rows.csv', '--concurrency', 'runcomfy=2'], dir, simEnv(sim.url));
    expect(first.code, first.stderr).toBe(1);
    expect(submits(sim.simulator.calls()).map((c) => bodyOf(c).prompt).sort()).toEqual(['A bear [sim:fail]', 'A fox, running', 'An owl at night']);
    expect(first.stdout).toMatch(/^row 1 +done /m);
    expect(first.stdout).toMatch(/^row 2 +failed /m);
    expect(first.stdout).toMatch(/^row 3 +done /m);
    expect(first.stdout).toMatch(/^row 2 · Veo 3\.1: failed: /m);
    const out = path.join(dir, 'weft-out');
    expect((await readdir(out)).sort()).toEqual(['row-001', 'row-003']);
    expect(await readdir(path.join(out, 'row-001'))).toContain('veo-reference-0.mp4');

    sim.simulator.reset();
    await writeFile(path.join(dir, 'rows.csv'), rows('A bear'));
    const again = await weft(['run', GRAPH, '--batch', 'rows.csv'], dir, simEnv(sim.url));
    expect(again.code, again.stderr).toBe(0);
    expect(submits(sim.simulator.calls()).map((c) => bodyOf(c).prompt)).toEqual(['A bear']);
    expect(again.stderr).toContain('row 1: done in an earlier run (weft-out/row-001); not run again.');
    expect(again.stdout).toMatch(/^row 2 +done /m);
    expect(await readdir(path.join(out, 'row-002'))).toContain('veo-reference-0.mp4');
  });

  it('on Ctrl-C leaves the running job in the journal, says how to resume, and --resume finishes it with no second submit', async () => {
    sim.simulator.configure({ timing: { queueMs: 0, runMs: 3000 } });
    const running = start(['run', GRAPH, '--json', '--set', 'prompt.text=A slow heron'], dir, simEnv(sim.url));
    await waitFor(running.stdout, (text) => /"type":"nodeProgress".*"jobState":"running"/.test(text));
    running.child.kill('SIGINT');
    const stopped = await running.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('Interrupted');
    expect(stopped.stderr).toContain(`Resume with: weft run ${GRAPH} --resume`);
    expect(sim.simulator.calls().filter((c) => c.call === 'cancel')).toHaveLength(1);
    expect(existsSync(path.join(dir, 'weft-out'))).toBe(false);

    // --resume repeats the interrupted run's --set values and follows its job.
    const resumed = await weft(['run', GRAPH, '--resume'], dir, simEnv(sim.url));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('Resuming the interrupted run of veo-reference.weft.json: 1 unfinished job is followed, not submitted again.');
    expect(resumed.stderr).toMatch(/Veo 3\.1: resumed job \S+ \(runcomfy\)/);
    expect(veoSubmits()).toHaveLength(1);
    expect(bodyOf(veoSubmits()[0]!).prompt).toBe('A slow heron');
    expect(await readdir(path.join(dir, 'weft-out'))).toContain('veo-reference-0.mp4');
  });

  it('cancels a job still queued at the provider on Ctrl-C, and the next run submits it again', async () => {
    sim.simulator.configure({ timing: { queueMs: 60_000, runMs: 100 } });
    const running = start(['run', GRAPH, '--json'], dir, simEnv(sim.url));
    await waitFor(running.stdout, (text) => /"type":"nodeProgress".*"jobState":"queued"/.test(text));
    running.child.kill('SIGINT');
    const stopped = await running.done;
    expect(stopped.code).toBe(130);
    const summary = JSON.parse(stopped.stdout.trim().split('\n').at(-1)!) as { runs: { nodes: { node: string; state: string; error?: { message: string } }[] }[] };
    expect(summary.runs[0]!.nodes.find((n) => n.node === 'veo')).toMatchObject({ state: 'cancelled', error: { message: 'Cancelled at the provider.' } });

    sim.simulator.configure({ timing: 'fast' });
    const again = await weft(['run', GRAPH], dir, simEnv(sim.url));
    expect(again.code, again.stderr).toBe(0);
    expect(veoSubmits()).toHaveLength(2);
  });

  it('runs a custom node the graph file carries (customEndpoints) like an installed one', async () => {
    await copyFile(path.join(ROOT, 'test/fixtures/graphs/custom-endpoint.weft.json'), path.join(dir, 'custom.weft.json'));
    const result = await weft(['run', 'custom.weft.json'], dir, simEnv(sim.url));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^RH text to video +done/m);
    const rh = submits(sim.simulator.calls()).filter((c) => c.provider === 'runninghub');
    expect(rh.map((c) => c.path)).toEqual(['/openapi/v2/rhart-video-v3.1-pro-official/text-to-video']);

    // Without the definition the node is a placeholder: the run refuses the graph (exit 2) and submits nothing.
    const bare = JSON.parse(await readFile(path.join(dir, 'custom.weft.json'), 'utf8')) as { customEndpoints?: unknown };
    delete bare.customEndpoints;
    await writeFile(path.join(dir, 'bare.weft.json'), JSON.stringify(bare));
    const refused = await weft(['run', 'bare.weft.json'], dir, simEnv(sim.url));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('custom/rh-t2v');
    expect(submits(sim.simulator.calls())).toHaveLength(1);
  });

  it('runs a provider without a key on the built-in simulator and says so; --json prints one event per line and a summary', async () => {
    const result = await weft(['run', GRAPH, '--json'], dir, simEnv(sim.url, false));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean).every((line) => JSON.parse(line) !== null)).toBe(true);
    const events = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string; message?: string });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['notice', 'runStarted', 'nodeSubmitted', 'nodeDone', 'nodeSaved', 'runFinished', 'summary']));
    expect(events.find((e) => e.type === 'notice')?.message).toBe('RunComfy: no RUNCOMFY_API_KEY set, so its nodes run on the built-in simulator (no credits spent; results are samples).');
    expect(events.at(-1)).toMatchObject({ type: 'summary', runs: [{ ok: true }] });
    // The test's simulator (the configured base URL) was not used: the built-in one ran the job.
    expect(sim.simulator.calls()).toEqual([]);
  });
});
