import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createExecutor } from '../../src/core/executor/executor.ts';
import type { SaveRequest } from '../../src/core/executor/types.ts';
import { MAX_LOCAL_FILE_BYTES, SIMULATOR_KEY, createFolderSaver, nodeExecutorDeps, readLocalFile, renderFileStem, safeFileStem } from '../../src/node/executorHost.ts';
import { keyFingerprint, type RunningSimulator } from '../../src/server/simulator/index.ts';
import { FAST_POLL, T2I, getTemplate, getTemplates, graph, png, providerCalls, run, startSim, text } from './support/simulatorHarness.ts';

/** The Node host glue the CLI and the end-to-end tests share: local files, the save folder, the deps. */

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'weft-host-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('readLocalFile', () => {
  it('reads a file relative to cwd with its MIME type from the extension (any case), and file: URLs', async () => {
    await mkdir(path.join(dir, 'refs'));
    await writeFile(path.join(dir, 'refs', 'a.PNG'), png(1, 2, 3));
    await writeFile(path.join(dir, 'clip.mov'), 'not really a movie');
    const image = await readLocalFile('refs/a.PNG', dir);
    expect(image).toMatchObject({ mimeType: 'image/png', name: 'a.PNG' });
    expect(Buffer.from(image.bytes).equals(png(1, 2, 3))).toBe(true);
    expect((await readLocalFile(' clip.mov ', dir)).mimeType).toBe('video/quicktime');
    expect((await readLocalFile(pathToFileURL(path.join(dir, 'clip.mov')).href, '/elsewhere')).mimeType).toBe('video/quicktime');
    for (const [ext, type] of [['jpeg', 'image/jpeg'], ['m4a', 'audio/mp4'], ['flac', 'audio/flac'], ['ogg', 'audio/ogg'], ['webm', 'video/webm']]) {
      await writeFile(path.join(dir, `x.${ext}`), 'x');
      expect((await readLocalFile(`x.${ext}`, dir)).mimeType).toBe(type);
    }
  });

  it('refuses folders, missing files, unknown extensions and files over 200 MiB, naming the file', async () => {
    await mkdir(path.join(dir, 'shots.png'));
    await expect(readLocalFile('shots.png', dir)).rejects.toThrow('"shots.png" is a folder, not a file.');
    await expect(readLocalFile('nope.png', dir)).rejects.toThrow(/"nope\.png" does not exist/);
    await writeFile(path.join(dir, 'notes.txt'), 'hi');
    await expect(readLocalFile('notes.txt', dir)).rejects.toThrow(/"notes\.txt" is not a media file Weft reads \(\.txt\)/);
    await expect(readLocalFile('  ', dir)).rejects.toThrow('names no file');
    // A sparse file: big on paper, nothing written.
    const handle = await open(path.join(dir, 'huge.mp4'), 'w');
    await handle.truncate(MAX_LOCAL_FILE_BYTES + 1);
    await handle.close();
    await expect(readLocalFile('huge.mp4', dir)).rejects.toThrow(/"huge\.mp4" is 200\.0 MiB; Weft reads input files up to 200\.0 MiB/);
  });
});

describe('createFolderSaver', () => {
  const provenance = { nodeId: 'gen', provider: 'runcomfy', endpoint: 'google-deepmind/veo-3-1/reference-to-video', jobId: 'job-1', cost: { amount: 0.4, currency: 'USD' } };
  const signed = 'https://media.runcomfy.net/out/clip.mp4?Expires=1893456000&Signature=abc123&KeyId=xyz';
  const video = (bytes: Uint8Array): SaveRequest['items'][number] => ({ index: 0, value: { kind: 'video', blob: 'h', mimeType: 'video/mp4', url: signed, from: provenance }, bytes, mimeType: 'video/mp4', provenance });
  const request = (pattern: string, items: SaveRequest['items'], graphName = 'My clip'): SaveRequest => ({ runId: 'run-1', nodeId: 'save', graphName, pattern, items });
  const fixedNow = () => new Date(2026, 4, 1, 9, 5, 7);

  it('writes the file and a sidecar with provenance, hosts only, never overwriting (-1, -2)', async () => {
    const save = createFolderSaver(path.join(dir, 'out'), { now: fixedNow });
    const bytes = new Uint8Array([0, 0, 0, 8, 0x66, 0x74, 0x79, 0x70]);
    const first = await save(request('{graph}-{node}-{index}', [video(bytes)]));
    const second = await save(request('{graph}-{node}-{index}', [video(bytes)]));
    const third = await save(request('{graph}-{node}-{index}', [video(bytes)]));
    const out = path.join(dir, 'out');
    expect(first).toEqual([path.join(out, 'My clip-save-0.mp4'), path.join(out, 'My clip-save-0.mp4.weft.json')]);
    expect(second[0]).toBe(path.join(out, 'My clip-save-0-1.mp4'));
    expect(third[0]).toBe(path.join(out, 'My clip-save-0-2.mp4'));
    expect((await readdir(out)).sort()).toHaveLength(6);
    const sidecar = JSON.parse(await readFile(first[1]!, 'utf8')) as Record<string, unknown>;
    expect(sidecar).toEqual({
      graph: 'My clip',
      node: 'gen',
      saveNode: 'save',
      runId: 'run-1',
      index: 0,
      file: 'My clip-save-0.mp4',
      provider: 'runcomfy',
      endpoint: 'google-deepmind/veo-3-1/reference-to-video',
      jobId: 'job-1',
      cost: { amount: 0.4, currency: 'USD' },
      mimeType: 'video/mp4',
      sha256: createHash('sha256').update(bytes).digest('hex'),
      sourceUrlHost: 'media.runcomfy.net',
      savedAt: fixedNow().toISOString(),
    });
    expect(await readFile(first[1]!, 'utf8')).not.toMatch(/Signature|Expires|clip\.mp4\?/);
    expect(Buffer.from(await readFile(first[0]!)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('keeps every name one safe component inside the folder', async () => {
    const out = path.join(dir, 'out');
    const save = createFolderSaver(out, { now: fixedNow });
    const bytes = new Uint8Array([1, 2, 3]);
    const item = { index: 3, value: { kind: 'image' as const, mimeType: 'image/png' }, bytes, mimeType: 'image/png' };
    const files = [
      ...(await save(request('../../escape-{index}', [item], '../../etc'))),
      ...(await save(request('{graph}/{node}\\{index}', [item], '/abs/path:*?"<>|'))),
      ...(await save(request('.hidden', [item]))),
      ...(await save(request('{node}.{ext}', [item]))),
      ...(await save(request('con', [item]))),
      ...(await save(request('{date}', [item]))),
      ...(await save(request('{unknown}', [item], ''))),
    ];
    for (const file of files) expect(path.dirname(file)).toBe(out);
    expect(files.filter((f) => !f.endsWith('.weft.json')).map((f) => path.basename(f))).toEqual([
      '_escape-3.png',
      '_abs_path_save_3.png',
      'hidden.png',
      'save.png',
      '_con.png',
      '2026-05-01_090507.png',
      'weft.png',
    ]);
    expect(safeFileStem('a'.repeat(400)).length).toBeLessThanOrEqual(180);
    expect(safeFileStem('   ')).toBe('weft');
    expect(renderFileStem('{{literal}}-{index}.{ext}', { graph: 'g', node: 'n', index: 1, ext: 'mp4', date: fixedNow() })).toBe('_literal_-1');
  });

  it('writes text values as .txt; a remote URL without bytes gets only a sidecar saying it was skipped', async () => {
    const out = path.join(dir, 'out');
    const save = createFolderSaver(out, { now: fixedNow });
    const files = await save(
      request('{node}-{index}', [
        { index: 0, value: { kind: 'text', text: 'a caption', from: provenance } },
        { index: 1, value: { kind: 'image', url: 'https://example.com/pics/cat.jpg?token=secret-ish' } },
      ]),
    );
    expect(files.map((f) => path.basename(f))).toEqual(['save-0.txt', 'save-0.txt.weft.json', 'save-1.jpg.weft.json']);
    expect(await readFile(path.join(out, 'save-0.txt'), 'utf8')).toBe('a caption');
    const skipped = JSON.parse(await readFile(path.join(out, 'save-1.jpg.weft.json'), 'utf8')) as Record<string, unknown>;
    expect(skipped).toMatchObject({ file: null, sha256: null, sourceUrlHost: 'example.com', node: null, provider: null });
    expect(skipped.skipped).toMatch(/remote image \(example\.com\)/);
    expect(JSON.stringify(skipped)).not.toContain('token');
  });

  it('refuses to write a sidecar or a text file that would hold a configured key', async () => {
    const save = createFolderSaver(path.join(dir, 'out'), { knownSecrets: ['sk-never-on-disk-12345'] });
    const leaky = { ...provenance, jobId: 'sk-never-on-disk-12345' };
    await expect(save(request('x', [{ index: 0, value: { kind: 'text', text: 'hi', from: leaky }, provenance: leaky }]))).rejects.toThrow(/would contain a configured API key/);
    await expect(save(request('y', [{ index: 0, value: { kind: 'text', text: 'my key is sk-never-on-disk-12345' } }]))).rejects.toThrow(/its text contains a configured API key/);
    expect(await readdir(path.join(dir, 'out'))).toEqual([]);
  });
});

describe('nodeExecutorDeps', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    await getTemplates();
    sim = await startSim();
  });
  afterAll(() => sim.close());

  it('with no keys and a simulator URL, both providers go to the simulator with the simulator key', async () => {
    const deps = nodeExecutorDeps({ env: {}, cwd: dir, stateDir: path.join(dir, 'state'), outDir: path.join(dir, 'out'), simulatorUrl: sim.url, getTemplate });
    expect(deps.providerModes).toEqual({ runcomfy: 'simulator', runninghub: 'simulator' });
    const g = graph('sim only', [text('p', 'on the simulator'), { id: 'gen', type: T2I }, { id: 'save', type: 'weft/save', values: { filename: '{node}' } }], [
      ['p', 'text', 'gen', 'prompt'],
      ['gen', 'image', 'save', 'media'],
    ]);
    const { summary } = await run(createExecutor({ ...deps, poll: FAST_POLL }), g);
    expect(summary.states).toMatchObject({ gen: 'done', save: 'done' });
    expect(providerCalls(sim, 'submit').map((c) => c.auth.fingerprint)).toEqual([keyFingerprint(SIMULATOR_KEY)]);
    expect((await readdir(path.join(dir, 'out'))).sort()).toEqual(['save.png', 'save.png.weft.json']);
  });

  it('a key in the environment makes that provider live; without key or simulator it is missing and the plan says so', async () => {
    const deps = nodeExecutorDeps({ env: { RUNNINGHUB_API_KEY: 'sk-rh-live-0000000000' }, cwd: dir, stateDir: path.join(dir, 'state'), outDir: path.join(dir, 'out'), getTemplate });
    expect(deps.providerModes).toEqual({ runcomfy: 'missing', runninghub: 'live' });
    expect(deps.provider('runcomfy')).toBeUndefined();
    expect(deps.provider('runninghub')?.id).toBe('runninghub');
    const g = graph('no key', [text('p', 'x'), { id: 'gen', type: T2I }], [['p', 'text', 'gen', 'prompt']]);
    const plan = createExecutor(deps).plan(g);
    expect(plan.problems.map((p) => p.message)).toEqual([expect.stringMatching(/No runcomfy provider is configured/)]);
  });
});
