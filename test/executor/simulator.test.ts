import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createExecutor } from '../../src/core/executor/executor.ts';
import type { JournalRecord } from '../../src/core/executor/types.ts';
import type { RunningSimulator } from '../../src/server/simulator/index.ts';
import {
  EDIT,
  KEY,
  RH_KEY,
  RH_VEO,
  T2I,
  TIMING,
  VEO,
  acceptedSubmits,
  crashable,
  eventsOf,
  expectNoKeyIn,
  filesUnder,
  getTemplates,
  graph,
  jobSpans,
  load,
  makeWorld,
  maxUnfinished,
  mp4Boxes,
  promptOf,
  providerCalls,
  run,
  spanOf,
  startSim,
  text,
  unrefClock,
  writePngs,
  type World,
} from './support/simulatorHarness.ts';

/**
 * The executor end to end: real adapters over loopback HTTP against the simulator, folder storage in a
 * temp directory, graphs loaded like user files. The same promises the unit tests check with a fake
 * provider (RELIABILITY.md 1–8), seen here from the provider's side: what the simulator recorded.
 */

let sim: RunningSimulator;
let world: World;

beforeAll(async () => {
  await getTemplates();
  sim = await startSim();
});
afterAll(() => sim.close());
beforeEach(async () => {
  sim.simulator.reset();
  sim.simulator.configure({ timing: TIMING });
  world = await makeWorld(sim);
});
afterEach(() => world.dispose());

/** prompt → image → two edits → one edit of both. */
function diamond() {
  return graph(
    'diamond',
    [
      text('p', 'top'),
      { id: 'a', type: T2I },
      text('pb', 'left'),
      text('pc', 'right'),
      text('pd', 'bottom'),
      { id: 'b', type: EDIT },
      { id: 'c', type: EDIT },
      { id: 'd', type: EDIT },
    ],
    [
      ['p', 'text', 'a', 'prompt'],
      ['pb', 'text', 'b', 'prompt'],
      ['pc', 'text', 'c', 'prompt'],
      ['pd', 'text', 'd', 'prompt'],
      ['a', 'image', 'b', 'image_urls'],
      ['a', 'image', 'c', 'image_urls'],
      ['b', 'image', 'd', 'image_urls', 0],
      ['c', 'image', 'd', 'image_urls', 1],
    ],
  );
}

describe('graph shapes', () => {
  it('a diamond runs each node once, in dependency order, results flowing as URLs on the simulator', async () => {
    const { summary } = await run(world.executor(), diamond());
    expect(summary.states).toMatchObject({ a: 'done', b: 'done', c: 'done', d: 'done' });
    expect(acceptedSubmits(sim)).toHaveLength(4);
    const [a, b, c, d] = ['top', 'left', 'right', 'bottom'].map((p) => spanOf(sim, p));
    for (const child of [b!, c!]) expect(child.submit.seq).toBeGreaterThan(a!.last.seq);
    expect(d!.submit.seq).toBeGreaterThan(Math.max(b!.last.seq, c!.last.seq));
    // b and c ran side by side.
    expect(b!.submit.seq).toBeLessThan(c!.last.seq);
    expect(c!.submit.seq).toBeLessThan(b!.last.seq);
    // d got b's and c's results, in wire order, as the simulator's own media URLs.
    const urls = (d!.submit.body as { image_urls: string[] }).image_urls;
    expect(urls).toHaveLength(2);
    const bOut = summary.outputs.b!.image![0]!;
    const cOut = summary.outputs.c!.image![0]!;
    expect(urls).toEqual(['url' in bOut ? bOut.url : '', 'url' in cOut ? cOut.url : '']);
    for (const url of urls) expect(url.startsWith(`${sim.url}/sim-media/`)).toBe(true);
  });

  it('a fan-out starts every child once the parent is done, all at once', async () => {
    const g = graph(
      'fan-out',
      [text('p', 'root'), { id: 'a', type: T2I }, ...['x', 'y', 'z'].flatMap((k) => [text(`p${k}`, `child ${k}`), { id: k, type: EDIT }]), { id: 'view', type: 'weft/preview' }],
      [['p', 'text', 'a', 'prompt'], ...['x', 'y', 'z'].flatMap((k): [string, string, string, string][] => [[`p${k}`, 'text', k, 'prompt'], ['a', 'image', k, 'image_urls']]), ['a', 'image', 'view', 'media']],
    );
    const { summary } = await run(world.executor(), g);
    expect(summary.states).toMatchObject({ a: 'done', x: 'done', y: 'done', z: 'done', view: 'done' });
    expect(acceptedSubmits(sim)).toHaveLength(4);
    const root = spanOf(sim, 'root');
    const children = ['x', 'y', 'z'].map((k) => spanOf(sim, `child ${k}`));
    for (const child of children) expect(child.submit.seq).toBeGreaterThan(root.last.seq);
    expect(maxUnfinished(children)).toBe(3);
  });

  it('independent branches overlap in time', async () => {
    const g = graph(
      'two branches',
      [text('p1', 'one'), { id: 'a1', type: T2I }, text('p1b', 'one more'), { id: 'a2', type: EDIT }, text('p2', 'two'), { id: 'b1', type: T2I }, text('p2b', 'two more'), { id: 'b2', type: EDIT }],
      [
        ['p1', 'text', 'a1', 'prompt'],
        ['p1b', 'text', 'a2', 'prompt'],
        ['a1', 'image', 'a2', 'image_urls'],
        ['p2', 'text', 'b1', 'prompt'],
        ['p2b', 'text', 'b2', 'prompt'],
        ['b1', 'image', 'b2', 'image_urls'],
      ],
    );
    const { summary } = await run(world.executor(), g);
    expect(Object.values(summary.states).every((s) => s === 'done')).toBe(true);
    const [a1, b1, a2, b2] = ['one', 'two', 'one more', 'two more'].map((p) => spanOf(sim, p));
    // By the simulator's clock: both first jobs were in flight together, and so were both second ones.
    expect(a1!.submit.at).toBeLessThanOrEqual(b1!.last.at);
    expect(b1!.submit.at).toBeLessThanOrEqual(a1!.last.at);
    expect(a2!.submit.at).toBeLessThanOrEqual(b2!.last.at);
    expect(b2!.submit.at).toBeLessThanOrEqual(a2!.last.at);
    expect(maxUnfinished([a1!, b1!])).toBe(2);
  });

  it('a per-provider limit of 2 keeps at most 2 jobs unfinished at the provider, 5 jobs in all', async () => {
    const names = ['j1', 'j2', 'j3', 'j4', 'j5'];
    const g = graph(
      'five',
      names.flatMap((n) => [text(`p${n}`, `job ${n}`), { id: n, type: T2I }]),
      names.map((n): [string, string, string, string] => [`p${n}`, 'text', n, 'prompt']),
    );
    const { summary } = await run(world.executor({ concurrency: { runcomfy: 2 } }), g);
    expect(names.map((n) => summary.states[n])).toEqual(['done', 'done', 'done', 'done', 'done']);
    const spans = jobSpans(sim);
    expect(spans).toHaveLength(5);
    expect(maxUnfinished(spans)).toBe(2);
  });
});

/** One job node fed by a prompt, with a preview downstream. */
function single(prompt = 'a lighthouse') {
  return graph(
    'single',
    [text('p', prompt), { id: 'gen', type: T2I }, { id: 'view', type: 'weft/preview' }],
    [
      ['p', 'text', 'gen', 'prompt'],
      ['gen', 'image', 'view', 'media'],
    ],
  );
}

describe('retry rules (what may be repeated, what never is)', () => {
  it('429 on submit is retried: two submits recorded, the second accepted', async () => {
    sim.simulator.setFaults([{ fault: 'rate_limited', provider: 'runcomfy', call: 'submit', times: 1 }]);
    const { summary, events } = await run(world.executor(), single());
    expect(summary.states.gen).toBe('done');
    const submits = providerCalls(sim, 'submit');
    expect(submits.map((c) => c.status)).toEqual([429, 200]);
    expect(eventsOf(events, 'warning', 'gen').length).toBeGreaterThan(0);
  });

  it('500 on submit leaves the node unknown after exactly one submit; nothing downstream runs', async () => {
    sim.simulator.setFaults([{ fault: 'server_error', provider: 'runcomfy', call: 'submit', times: 1 }]);
    const { summary } = await run(world.executor(), single());
    expect(summary.states).toMatchObject({ gen: 'unknown', view: 'skipped' });
    expect(providerCalls(sim, 'submit')).toHaveLength(1);
    const journal = await world.deps().storage.journal.list();
    expect(journal.map((r) => (r as JournalRecord).state)).toEqual(['unknown']);
  });

  it('a 5xx on one status call is retried and the job finishes', async () => {
    sim.simulator.setFaults([{ fault: 'server_error', provider: 'runcomfy', call: 'status', times: 1 }]);
    const { summary } = await run(world.executor(), single());
    expect(summary.states.gen).toBe('done');
    const statuses = providerCalls(sim, 'status').map((c) => c.status);
    expect(statuses).toContain(500);
    expect(statuses.at(-1)).toBe(200);
    expect(providerCalls(sim, 'submit')).toHaveLength(1);
  });

  it('a 5xx on downloading the result is retried', async () => {
    sim.simulator.setFaults([{ fault: 'server_error', call: 'download', times: 1 }]);
    const { summary } = await run(world.executor(), single());
    expect(summary.states.gen).toBe('done');
    const downloads = sim.simulator.calls().filter((c) => c.call === 'download').map((c) => c.status);
    expect(downloads[0]).toBe(500);
    expect(downloads.at(-1)).toBe(200);
  });

  it('status failing five times in a row makes the node unreachable; the next run resumes the job without a submit', async () => {
    sim.simulator.setFaults([{ fault: 'server_error', provider: 'runcomfy', call: 'status', times: 5 }]);
    const g = single('flaky line');
    const first = await run(world.executor(), g);
    expect(first.summary.states).toMatchObject({ gen: 'unreachable', view: 'skipped' });
    expect(providerCalls(sim, 'status').map((c) => c.status)).toEqual([500, 500, 500, 500, 500]);
    const second = await run(world.executor(), g);
    expect(second.summary.states).toMatchObject({ gen: 'done', view: 'done' });
    expect(second.summary.submits).toBe(0);
    expect(providerCalls(sim, 'submit')).toHaveLength(1);
  });

  it('a submit dropped after the provider accepted it is unknown, and is not resubmitted by a later run — only when asked', async () => {
    sim.simulator.setFaults([{ fault: 'drop_after_accept', provider: 'runcomfy', call: 'submit', times: 1 }]);
    const g = single();
    const first = await run(world.executor(), g);
    expect(first.summary.states.gen).toBe('unknown');
    expect(providerCalls(sim, 'submit').map((c) => c.status)).toEqual(['dropped']);

    // A new process, same state folder: still unknown, no submit.
    const second = await run(world.executor(), g);
    expect(second.summary.states.gen).toBe('unknown');
    expect(second.summary.submits).toBe(0);
    expect(providerCalls(sim, 'submit')).toHaveLength(1);

    // The user chooses to resubmit (it may charge again).
    const third = await run(world.executor(), g, { resubmit: ['gen'] });
    expect(third.summary.states.gen).toBe('done');
    expect(providerCalls(sim, 'submit')).toHaveLength(2);
  });
});

describe('how jobs end', () => {
  it('made-up status strings are "still running": the job finishes', async () => {
    // Long enough to be seen running on a busy machine.
    sim.simulator.configure({ timing: { queueMs: 30, runMs: 600 } });
    sim.simulator.setFaults([{ fault: 'unknown_status', provider: 'runcomfy', call: 'submit', times: 1 }]);
    const { summary, events } = await run(world.executor(), single());
    expect(summary.states.gen).toBe('done');
    expect(eventsOf(events, 'nodeProgress', 'gen').some((e) => e.unrecognisedStatus && e.providerStatus === 'preprocessing')).toBe(true);
  });

  it('a job the provider forgets is lost (not done), and nothing downstream runs', async () => {
    sim.simulator.setFaults([{ fault: 'expired', provider: 'runcomfy', call: 'submit', times: 1 }]);
    const g = graph(
      'expired',
      [text('p', 'gone'), { id: 'gen', type: T2I }, text('p2', 'after'), { id: 'edit', type: EDIT }, { id: 'save', type: 'weft/save' }],
      [
        ['p', 'text', 'gen', 'prompt'],
        ['p2', 'text', 'edit', 'prompt'],
        ['gen', 'image', 'edit', 'image_urls'],
        ['edit', 'image', 'save', 'media'],
      ],
    );
    const { summary } = await run(world.executor(), g);
    expect(summary.states).toMatchObject({ gen: 'lost', edit: 'skipped', save: 'skipped' });
    expect(summary.errors.gen?.class).toBe('not_found');
    expect(providerCalls(sim, 'submit')).toHaveLength(1);
    expect(await filesUnder(world.outDir)).toEqual([]);
  });

  it('moderation fails the node with class moderation', async () => {
    sim.simulator.setFaults([{ fault: 'moderation', provider: 'runcomfy', call: 'submit', times: 1 }]);
    const { summary } = await run(world.executor(), single());
    expect(summary.states).toMatchObject({ gen: 'failed', view: 'skipped' });
    expect(summary.errors.gen?.class).toBe('moderation');
  });

  it('cancelling a queued job calls cancel once and ends it cancelled', async () => {
    sim.simulator.configure({ timing: { queueMs: 5000, runMs: 60 } });
    const { summary } = await run(world.executor(), single(), {}, (event, cancel) => {
      if (event.type === 'nodeSubmitted') {
        cancel();
        cancel();
      }
    });
    expect(summary.cancelled).toBe(true);
    expect(summary.states).toMatchObject({ gen: 'cancelled' });
    expect(['cancelled', 'skipped']).toContain(summary.states.view);
    expect(providerCalls(sim, 'cancel')).toHaveLength(1);
    expect(providerCalls(sim, 'submit')).toHaveLength(1);
  });

  it('a job past its deadline ends as timeout', async () => {
    sim.simulator.configure({ timing: { queueMs: 10, runMs: 5000 } });
    const { summary } = await run(world.executor({ jobDeadlineMs: 250 }), single());
    expect(summary.states).toMatchObject({ gen: 'timeout', view: 'skipped' });
    expect(summary.errors.gen?.class).toBe('timeout');
    expect(providerCalls(sim, 'submit')).toHaveLength(1);
  });
});

describe('cache and resume', () => {
  it('a second run of an unchanged graph submits nothing', async () => {
    const g = diamond();
    await run(world.executor(), g);
    expect(acceptedSubmits(sim)).toHaveLength(4);
    sim.simulator.reset();
    const { summary, events } = await run(world.executor(), g);
    expect(summary.submits).toBe(0);
    expect(providerCalls(sim)).toEqual([]);
    expect(eventsOf(events, 'nodeCached').map((e) => e.nodeId).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(summary.states).toMatchObject({ a: 'cached', b: 'cached', c: 'cached', d: 'cached' });
  });

  it('changing one prompt re-runs that node and its descendants only', async () => {
    const doc = (leftPrompt: string) =>
      graph(
        'partial',
        [text('pa', 'a'), { id: 'a', type: T2I }, text('pb', leftPrompt), { id: 'b', type: T2I }, text('pc', 'c'), { id: 'c', type: EDIT }, { id: 'd', type: EDIT }, text('pd', 'd')],
        [
          ['pa', 'text', 'a', 'prompt'],
          ['pb', 'text', 'b', 'prompt'],
          ['pc', 'text', 'c', 'prompt'],
          ['pd', 'text', 'd', 'prompt'],
          ['a', 'image', 'c', 'image_urls'],
          ['b', 'image', 'd', 'image_urls'],
        ],
      );
    await run(world.executor(), doc('b'));
    expect(acceptedSubmits(sim)).toHaveLength(4);
    sim.simulator.reset();
    const { summary } = await run(world.executor(), doc('b, changed'));
    expect(summary.states).toMatchObject({ a: 'cached', c: 'cached', b: 'done', d: 'done' });
    expect(acceptedSubmits(sim).map(promptOf).sort()).toEqual(['b, changed', 'd']);
  });

  it('after a crash, a new process resumes the submitted job by polling: no new submit', async () => {
    sim.simulator.configure({ timing: { queueMs: 30, runMs: 400 } });
    const g = single('survives a crash');
    const rc = crashable(world.deps().provider('runcomfy')!);
    const crashed = world.deps({ clock: unrefClock, provider: (id) => (id === 'runcomfy' ? rc.provider : undefined) });
    const submitted = new Promise<void>((resolve) => {
      createExecutor(crashed).run(g, { graphName: g.name }, (event) => {
        if (event.type === 'nodeSubmitted') {
          rc.crash();
          resolve();
        }
      });
    });
    await submitted;
    expect(acceptedSubmits(sim)).toHaveLength(1);

    const executor = world.executor();
    expect((await executor.unfinished()).map((r) => r.state)).toEqual(['submitted']);
    const { summary, events } = await run(executor, g);
    expect(summary.states).toMatchObject({ gen: 'done', view: 'done' });
    expect(summary.submits).toBe(0);
    expect(providerCalls(sim, 'submit')).toHaveLength(1);
    expect(eventsOf(events, 'nodeSubmitted', 'gen').map((e) => e.resumed)).toEqual([true]);
    expect(summary.jobs.gen?.jobId).toBe(acceptedSubmits(sim)[0]!.jobId);
    expect(await executor.unfinished()).toEqual([]);
  });
});

describe("the brief's pipeline: three local images and a prompt → Veo 3.1 reference-to-video → preview and save", () => {
  const IMAGES = ['woman.png', 'market.png', 'dog.png'];

  /** The veo31-reference fixture with its three images as local files and a save node added. */
  async function veoGraph() {
    const doc = JSON.parse(await readFile(path.join(import.meta.dirname, '../fixtures/graphs/veo31-reference.weft.json'), 'utf8')) as {
      nodes: { id: string; type: string; values: Record<string, unknown> }[];
      edges: unknown[];
    };
    for (const [i, id] of ['woman', 'market', 'dog'].entries()) doc.nodes.find((n) => n.id === id)!.values.url = IMAGES[i];
    doc.nodes.push({ id: 'save', type: 'weft/save', schemaHash: (await getTemplates()).get('weft/save')!.schemaHash, position: { x: 820, y: 420 }, values: { filename: '{graph}-{node}-{index}' } } as never);
    doc.edges.push({ id: 'e6', from: { node: 'veo', port: 'video' }, to: { node: 'save', port: 'media' } });
    return load(doc);
  }

  async function expectSavedMp4(provider: string, endpoint: string, node: string, saveNode: string) {
    const files = (await filesUnder(world.outDir)).map((f) => path.relative(world.outDir, f)).sort();
    const mp4 = files.filter((f) => f.endsWith('.mp4'));
    expect(mp4).toHaveLength(1);
    expect(files).toEqual([mp4[0], `${mp4[0]}.weft.json`]);
    const bytes = await readFile(path.join(world.outDir, mp4[0]!));
    expect(bytes.byteLength).toBeGreaterThan(10_000);
    const boxes = mp4Boxes(bytes);
    expect(boxes[0]).toBe('ftyp');
    expect(boxes).toContain('moov');
    const sidecar = JSON.parse(await readFile(path.join(world.outDir, `${mp4[0]}.weft.json`), 'utf8')) as Record<string, unknown>;
    expect(sidecar).toMatchObject({ node, saveNode, index: 0, provider, endpoint, mimeType: 'video/mp4', sourceUrlHost: new URL(sim.url).host });
    expect(Object.keys(sidecar)).toEqual(expect.arrayContaining(['graph', 'node', 'saveNode', 'index', 'provider', 'endpoint', 'jobId', 'cost', 'mimeType', 'sha256', 'sourceUrlHost', 'savedAt']));
    expect(sidecar.jobId).toBe(acceptedSubmits(sim)[0]!.jobId);
    expect(sidecar.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    // Hosts only: no pre-signed query, no path.
    expect(JSON.stringify(sidecar)).not.toMatch(/Signature|Expires|sim-media/);
    await expectNoKeyIn([world.outDir, world.stateDir], [KEY, RH_KEY]);
    expect(JSON.stringify(sim.simulator.calls())).not.toContain(KEY);
    return sidecar;
  }

  it('RunComfy: images inlined, one submit, a real MP4 saved with its sidecar; no key anywhere on disk', async () => {
    await writePngs(world.inputsDir, IMAGES);
    const g = await veoGraph();
    const { summary, events } = await run(world.executor(), g);
    expect(summary.states).toMatchObject({ prompt: 'done', woman: 'done', market: 'done', dog: 'done', veo: 'done', preview: 'done', save: 'done' });
    const [submit, ...more] = acceptedSubmits(sim);
    expect(more).toEqual([]);
    expect(submit!.path).toBe(`/v1/models/${VEO.slice('runcomfy/'.length)}`);
    const body = submit!.body as { prompt: string; image_urls: string[]; duration: number; resolution: string; generate_audio: boolean };
    expect(body.prompt).toContain('The woman from the first image');
    expect(body.image_urls).toHaveLength(3);
    for (const url of body.image_urls) expect(url.startsWith('data:image/png;base64,')).toBe(true);
    expect(body).toMatchObject({ duration: 8, resolution: '720p', generate_audio: true });
    expect(eventsOf(events, 'nodeSaved', 'save')[0]!.files).toHaveLength(2);
    const sidecar = await expectSavedMp4('runcomfy', VEO.slice('runcomfy/'.length), 'veo', 'save');
    expect(sidecar.graph).toBe('Veo 3.1 reference clip');
    expect(summary.outputs.preview!.media![0]).toMatchObject({ kind: 'video', mimeType: 'video/mp4' });
  });

  it('RunningHub: the three images are uploaded once; a second identical run uploads and submits nothing', async () => {
    await writePngs(world.inputsDir, IMAGES);
    const doc = JSON.parse(await readFile(path.join(import.meta.dirname, '../fixtures/graphs/runninghub-reference.weft.json'), 'utf8')) as {
      nodes: { id: string; type: string; schemaHash?: string; position: unknown; values: Record<string, unknown> }[];
      edges: { id: string; from: unknown; to: unknown; index?: number }[];
    };
    doc.nodes.find((n) => n.id === 'n3')!.values.url = IMAGES[0];
    doc.nodes.find((n) => n.id === 'n4')!.values.url = IMAGES[1];
    doc.nodes.push({ id: 'n9', type: 'weft/image', schemaHash: (await getTemplates()).get('weft/image')!.schemaHash, position: { x: 0, y: 860 }, values: { url: IMAGES[2] } });
    doc.nodes.push({ id: 'n10', type: 'weft/preview', schemaHash: (await getTemplates()).get('weft/preview')!.schemaHash, position: { x: 800, y: 100 }, values: {} });
    doc.edges.push({ id: 'e7', from: { node: 'n9', port: 'image' }, to: { node: 'n6', port: 'imageUrls' } });
    doc.edges.push({ id: 'e8', from: { node: 'n6', port: 'video' }, to: { node: 'n10', port: 'media' } });
    const g = load(doc);

    const first = await run(world.executor(), g);
    expect(first.summary.states).toMatchObject({ n6: 'done', n7: 'done', n10: 'done' });
    expect(providerCalls(sim, 'upload')).toHaveLength(3);
    const [submit, ...more] = acceptedSubmits(sim);
    expect(more).toEqual([]);
    const body = submit!.body as { imageUrls: string[]; prompt: string; negativePrompt: string; seed: number };
    expect(body.imageUrls).toHaveLength(3);
    for (const url of body.imageUrls) expect(url.startsWith(`${sim.url}/`)).toBe(true);
    expect(body).toMatchObject({ seed: 42, negativePrompt: 'blurry, low quality, text, watermark' });
    const sidecar = await expectSavedMp4('runninghub', RH_VEO.slice('runninghub/'.length), 'n6', 'n7');
    expect((await filesUnder(world.outDir)).map((f) => path.basename(f)).sort()).toEqual(['beach-0.mp4', 'beach-0.mp4.weft.json']);
    expect(sidecar.graph).toBe('RunningHub Veo 3.1 Pro, two references');

    sim.simulator.reset();
    const second = await run(world.executor(), g);
    expect(second.summary.states).toMatchObject({ n6: 'cached', n7: 'done', n10: 'done' });
    expect(providerCalls(sim, 'upload')).toEqual([]);
    expect(providerCalls(sim, 'submit')).toEqual([]);
    expect(second.summary.submits).toBe(0);
    // Saved again, next to the first file, never over it.
    expect((await filesUnder(world.outDir)).map((f) => path.basename(f)).sort()).toEqual(['beach-0-1.mp4', 'beach-0-1.mp4.weft.json', 'beach-0.mp4', 'beach-0.mp4.weft.json']);

    // A new prompt is a new job, but the same three files are not uploaded again.
    sim.simulator.reset();
    doc.nodes.find((n) => n.id === 'n1')!.values.text = 'The same three, at night.';
    const third = await run(world.executor(), load(doc));
    expect(third.summary.states).toMatchObject({ n6: 'done', n7: 'done' });
    expect(providerCalls(sim, 'upload')).toEqual([]);
    const [resubmit] = acceptedSubmits(sim);
    expect(promptOf(resubmit!)).toBe('The same three, at night.');
    expect((resubmit!.body as { imageUrls: string[] }).imageUrls).toEqual(body.imageUrls);
  });
});

describe('further promises', () => {
  const RH_T2I = 'runninghub/rhart-image-g-4/text-to-image';

  it('cancelling a running job: cancel is called once, the node shows cancelling, the result is kept but not passed on', async () => {
    sim.simulator.configure({ timing: { queueMs: 10, runMs: 400 } });
    const g = single('too late to stop');
    const { summary, events } = await run(world.executor(), g, {}, (event, cancel) => {
      if (event.type === 'nodeProgress' && event.jobState === 'running') cancel();
    });
    expect(providerCalls(sim, 'cancel')).toHaveLength(1);
    expect(eventsOf(events, 'nodeState', 'gen').map((e) => e.state)).toContain('cancelling');
    expect(eventsOf(events, 'warning', 'gen').some((e) => /may still be billed/.test(e.message))).toBe(true);
    expect(summary.states).toMatchObject({ gen: 'cancelled' });
    expect(['cancelled', 'skipped']).toContain(summary.states.view);
    expect(summary.outputs.gen).toBeUndefined();
    // Kept: the journal has it done, and a later run is served from the cache without paying again.
    const journal = (await world.deps().storage.journal.list()) as JournalRecord[];
    expect(journal.map((r) => [r.state, r.cancelRequested])).toEqual([['done', true]]);
    sim.simulator.reset();
    const again = await run(world.executor(), g);
    expect(again.summary.states).toMatchObject({ gen: 'cached', view: 'done' });
    expect(providerCalls(sim, 'submit')).toEqual([]);
  });

  // A submit refused for concurrency (RunningHub 421, 429) means "nothing started, try when a task
  // ends": the slot is released, the limit lowered, and the submit retried until the job's deadline.
  it('a RunningHub account busy with tasks started elsewhere (421): the submit waits for room, then runs once', async () => {
    sim.simulator.configure({ concurrency: 2, timing: { queueMs: 10, runMs: 300 } });
    // Two tasks started elsewhere (the web UI, another Weft) fill the account.
    const elsewhere = world.deps().provider('runninghub')!;
    await elsewhere.submit(RH_T2I.slice('runninghub/'.length), { prompt: 'elsewhere 1' });
    await elsewhere.submit(RH_T2I.slice('runninghub/'.length), { prompt: 'elsewhere 2' });
    const g = graph('rh busy', [text('p', 'waits its turn'), { id: 'r', type: RH_T2I }], [['p', 'text', 'r', 'prompt']]);
    const { summary } = await run(world.executor(), g);
    expect(providerCalls(sim, 'submit').filter((c) => !c.jobId).length).toBeGreaterThan(0);
    expect(summary.errors.r).toBeUndefined();
    expect(summary.states.r).toBe('done');
    expect(acceptedSubmits(sim).map(promptOf)).toEqual(['elsewhere 1', 'elsewhere 2', 'waits its turn']);
  });

  // Two runs of one graph overlapping in one executor (Run clicked twice, or "run from here" while a
  // run is going): a node whose cache key is already in flight joins that job (one submit, shared result).
  it('two overlapping runs of the same graph pay for each job once', async () => {
    const g = graph('twice', [text('p', 'one'), { id: 'x', type: T2I }, text('q', 'two'), { id: 'y', type: T2I }], [
      ['p', 'text', 'x', 'prompt'],
      ['q', 'text', 'y', 'prompt'],
    ]);
    const executor = world.executor();
    const [first, second] = await Promise.all([run(executor, g), run(executor, g)]);
    // Whichever run gets to a job first pays for it; the other takes its result.
    for (const id of ['x', 'y']) {
      expect([first.summary.states[id], second.summary.states[id]].sort()).toEqual(['cached', 'done']);
    }
    expect(acceptedSubmits(sim).map(promptOf).sort()).toEqual(['one', 'two']);
  });

  it('two executors over one state folder (two processes in one) running one graph at once pay for each job once', async () => {
    const g = graph('shared folder', [text('p', 'one'), { id: 'x', type: T2I }, text('q', 'two'), { id: 'y', type: T2I }], [
      ['p', 'text', 'x', 'prompt'],
      ['q', 'text', 'y', 'prompt'],
    ]);
    const [first, second] = await Promise.all([run(world.executor(), g), run(world.executor(), g)]);
    for (const id of ['x', 'y']) {
      expect(first.summary.states[id]).toMatch(/done|cached/);
      expect(second.summary.states[id]).toMatch(/done|cached/);
    }
    expect(acceptedSubmits(sim).map(promptOf).sort()).toEqual(['one', 'two']);
  });

  it("one provider's backlog does not hold up another's work", async () => {
    sim.simulator.configure({ timing: { queueMs: 10, runMs: 250 } });
    const g = graph(
      'mixed',
      [text('p1', 'rh one'), { id: 'r1', type: RH_T2I }, text('p2', 'rh two'), { id: 'r2', type: RH_T2I }, text('p3', 'rc one'), { id: 'c1', type: T2I }],
      [
        ['p1', 'text', 'r1', 'prompt'],
        ['p2', 'text', 'r2', 'prompt'],
        ['p3', 'text', 'c1', 'prompt'],
      ],
    );
    const { summary } = await run(world.executor({ concurrency: { runninghub: 1 } }), g);
    expect(summary.states).toMatchObject({ r1: 'done', r2: 'done', c1: 'done' });
    const [rh1, rh2, rc] = ['rh one', 'rh two', 'rc one'].map((p) => spanOf(sim, p));
    const firstRh = rh1!.submit.seq < rh2!.submit.seq ? rh1! : rh2!;
    expect(rc!.submit.seq).toBeLessThan(firstRh.last.seq);
    expect(maxUnfinished([rh1!, rh2!])).toBe(1);
  });

  it('a journal file that is damaged is reported with its path, and its node stays unknown: nothing is bought', async () => {
    const g = single('damaged record');
    await run(world.executor(), g);
    await rm(path.join(world.stateDir, 'cache'), { recursive: true, force: true });
    const journalDir = path.join(world.stateDir, 'journal');
    const [file] = await filesUnder(journalDir);
    await writeFile(file!, '{"id": "half-writ');
    const { summary, events } = await run(world.executor(), g);
    expect(summary.states.gen).toBe('unknown');
    expect(acceptedSubmits(sim)).toHaveLength(1);
    expect(events.some((e) => e.type === 'warning' && e.nodeId === 'gen' && e.message.includes(file!))).toBe(true);
  });

  // Changed by issue 19 (RELIABILITY promises 8 and 13): the node used to be bought again.
  it('a cache hit whose stored file is gone fetches it again from its job, paying nothing', async () => {
    const g = single('keep the file');
    await run(world.executor(), g);
    await rm(path.join(world.stateDir, 'blobs'), { recursive: true, force: true });
    const downloads = sim.simulator.calls().filter((c) => c.call === 'download').length;
    const { summary } = await run(world.executor(), g);
    expect(summary.states.gen).toBe('cached');
    expect(acceptedSubmits(sim)).toHaveLength(1);
    expect(sim.simulator.calls().filter((c) => c.call === 'download').length).toBe(downloads + 1);
    expect(await filesUnder(path.join(world.stateDir, 'blobs'))).not.toHaveLength(0);
  });
});
