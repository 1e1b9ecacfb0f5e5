import { describe, expect, it } from 'vitest';
import { createExecutor } from '../../src/core/executor/executor.ts';
import type { CacheEntry, Clock, ExecutorDeps, JournalRecord } from '../../src/core/executor/types.ts';
import type { Graph, GraphEdge } from '../../src/core/model/graph.ts';
import { field, output, template } from '../support/templateBuilder.ts';
import { fakeWorld, graph, node, wire, type FakeWorld } from './support/fakeRig.ts';

/**
 * The executor under fake timers (a virtual clock) with fake providers: scheduling, limits, every
 * retry rule, lost answers, unknown statuses, forgotten jobs, cancel, deadlines, the cache and resuming
 * from the journal. Times below are virtual.
 */

const joinVideos = template({ id: 'fake/videos-to-video', inputs: [field('videos', 'video', { required: true, list: { min: 1, max: 10 } })], outputs: [output('video', 'video')] });
const otherImage = template({ id: 'other/text-to-image', inputs: [field('prompt', 'text', { required: true })], outputs: [output('image', 'image')] });

type Rig = FakeWorld;

function rig(overrides: Partial<ExecutorDeps> = {}, local: 'inline' | 'upload' = 'inline'): Rig {
  return fakeWorld({ readLocal: async (ref) => ({ bytes: new TextEncoder().encode(`file ${ref}`), mimeType: 'image/png' }), ...overrides }, { templates: [joinVideos, otherImage], local });
}

/** text → image → (video A, video B) → join → preview: a diamond. */
function diamond(prompt = 'a fox'): Graph {
  return graph(
    [node('t', 'weft/text', { text: prompt }), node('img', 'fake/text-to-image', { seed: 1 }), node('va', 'fake/image-to-video', { prompt: 'left' }), node('vb', 'fake/image-to-video', { prompt: 'right' }), node('join', 'fake/videos-to-video'), node('p', 'weft/preview')],
    [wire('t', 'text', 'img', 'prompt'), wire('img', 'image', 'va', 'image'), wire('img', 'image', 'vb', 'image'), wire('va', 'video', 'join', 'videos', 0), wire('vb', 'video', 'join', 'videos', 1), wire('join', 'video', 'p', 'media')],
  );
}

function fanOut(n: number): Graph {
  const nodes = [node('t', 'weft/text', { text: 'x' })];
  const edges: GraphEdge[] = [];
  for (let i = 0; i < n; i++) {
    nodes.push(node(`g${i}`, 'fake/text-to-image', { seed: i }));
    edges.push(wire('t', 'text', `g${i}`, 'prompt'));
  }
  return graph(nodes, edges);
}

describe('scheduling', () => {
  it('runs a diamond in dependency order; the two middle branches overlap; list inputs keep their wire order', async () => {
    const r = rig();
    const summary = await r.run(diamond());
    expect(summary.problems).toEqual([]);
    expect(summary.states).toMatchObject({ t: 'done', img: 'done', va: 'done', vb: 'done', join: 'done', p: 'done' });
    expect(r.fake.calls.submit).toBe(4);
    const jobs = [...r.fake.jobs.values()];
    const [imgJob, vaJob, vbJob, joinJob] = jobs;
    expect(imgJob!.endpoint).toBe('text-to-image');
    expect(r.fake.overlapping(vaJob!.id, vbJob!.id)).toBe(true);
    // The join got both videos, left first (index 0), as provider URLs.
    expect(joinJob!.input.videos).toEqual([`https://media.fake/${vaJob!.id}.mp4`, `https://media.fake/${vbJob!.id}.mp4`]);
    // The preview shows the joined video, downloaded into the blob store.
    const shown = summary.outputs.p!.media![0]!;
    expect(shown).toMatchObject({ kind: 'video', mimeType: 'video/mp4' });
    expect('blob' in shown && shown.blob && (await r.storage.blobs.has(shown.blob))).toBe(true);
  });

  it('fan-out never exceeds the provider limit, and another provider is not held up by it', async () => {
    const r = rig({ concurrency: { fake: 2, other: 3 } });
    const g = fanOut(6);
    g.nodes.push(node('o', 'other/text-to-image'));
    g.edges.push(wire('t', 'text', 'o', 'prompt'));
    const summary = await r.run(g);
    expect(Object.values(summary.states).every((s) => s === 'done')).toBe(true);
    expect(r.fake.calls.submit).toBe(6);
    expect(r.fake.maxUnfinished).toBeLessThanOrEqual(2);
    // The other provider's job started at once, not after fake's backlog.
    expect([...r.other.jobs.values()][0]!.submittedAt).toBe(0);
  });

  // Changed by issue 19 (RELIABILITY promise 8): identical nodes used to share one job; each node is its own job now.
  it('two identical nodes are two jobs (a user who places two nodes wants two results)', async () => {
    const r = rig();
    const g = graph(
      [node('t', 'weft/text', { text: 'same' }), node('a', 'fake/text-to-image', { seed: 3 }), node('b', 'fake/text-to-image', { seed: 3 })],
      [wire('t', 'text', 'a', 'prompt'), wire('t', 'text', 'b', 'prompt')],
    );
    const summary = await r.run(g);
    expect([summary.states.a, summary.states.b]).toEqual(['done', 'done']);
    expect(r.fake.calls.submit).toBe(2);
  });

  it('longest remaining path first: with one slot, the node with more work below it goes first', async () => {
    const r = rig({ concurrency: { fake: 1 } });
    const g = graph(
      [node('t', 'weft/text', { text: 'x' }), node('short', 'fake/text-to-image', { seed: 1 }), node('long', 'fake/text-to-image', { seed: 2 }), node('v', 'fake/image-to-video')],
      [wire('t', 'text', 'short', 'prompt'), wire('t', 'text', 'long', 'prompt'), wire('long', 'image', 'v', 'image')],
    );
    await r.run(g);
    const order = r.events.filter((e) => e.type === 'nodeSubmitted').map((e) => (e as { nodeId: string }).nodeId);
    expect(order[0]).toBe('long');
  });

  it('emits events with queue position, progress states, cost and elapsed time', async () => {
    const r = rig();
    await r.run(fanOut(1));
    const types = r.events.map((e) => e.type);
    expect(types[0]).toBe('runStarted');
    expect(types.at(-1)).toBe('runFinished');
    expect(types).toEqual(expect.arrayContaining(['nodeQueued', 'nodeSubmitted', 'nodeProgress', 'nodeDone']));
    const queued = r.events.find((e) => e.type === 'nodeProgress' && e.jobState === 'queued');
    expect(queued).toMatchObject({ queuePosition: 0 });
    const done = r.events.find((e) => e.type === 'nodeDone' && e.nodeId === 'g0');
    expect(done).toMatchObject({ cost: { amount: 0.5, currency: 'USD' } });
    expect((done as { elapsedMs: number }).elapsedMs).toBeGreaterThanOrEqual(11_000);
  });

  it('polls a long job rarely but notices its end quickly', async () => {
    const r = rig();
    r.fake.runMs = 10 * 60_000;
    await r.run(fanOut(1));
    const duration = r.fake.queueMs + r.fake.runMs;
    const done = r.events.find((e) => e.type === 'nodeDone')!;
    // Naive 2-second polling would make ~300 calls.
    expect(r.fake.calls.status).toBeLessThan(0.2 * (duration / 2000));
    expect(done.at - duration).toBeLessThanOrEqual(0.15 * duration);
  });
});

describe('one scout per never-seen endpoint', () => {
  /** Status calls per job id, and each node's delay between its job's end and the executor seeing it. */
  function watch(r: Rig) {
    const perJob = new Map<string, number>();
    const status = r.fake.status.bind(r.fake);
    r.fake.status = async (jobId) => {
      perJob.set(jobId, (perJob.get(jobId) ?? 0) + 1);
      return status(jobId);
    };
    const delays = () => {
      const out: Record<string, number> = {};
      for (const e of r.events) {
        if (e.type !== 'nodeDone' && e.type !== 'nodeFailed') continue;
        const sub = r.events.find((x) => x.type === 'nodeSubmitted' && x.nodeId === e.nodeId) as { at: number; jobId: string } | undefined;
        if (!sub) continue;
        const job = r.fake.jobs.get(sub.jobId)!;
        out[e.nodeId] = e.at - (job.submittedAt + job.queueMs + job.runMs);
      }
      return out;
    };
    return { perJob, delays };
  }

  it('of jobs of a new endpoint submitted together, one polls; the others are looked at once when it ends', async () => {
    const r = rig({ concurrency: { fake: 10 } });
    const w = watch(r);
    await r.run(fanOut(10));
    const calls = [...w.perJob.values()].sort((a, b) => b - a);
    // One job backs off as usual; each sibling is asked once, right when the scout's job ended.
    expect(calls[0]).toBeGreaterThan(5);
    expect(calls.slice(1)).toEqual(Array(9).fill(1));
    const duration = r.fake.queueMs + r.fake.runMs;
    for (const d of Object.values(w.delays())) expect(d).toBeLessThanOrEqual(0.15 * duration);
    expect(r.events.filter((e) => e.type === 'nodeDone' && e.nodeId.startsWith('g'))).toHaveLength(10);
  });

  it('when the scout fails fast, its siblings are looked at once and one of them scouts on', async () => {
    const r = rig({ concurrency: { fake: 10 } });
    r.fake.shape = (_endpoint, input) => (input.seed === 0 ? { outcome: 'fail', runMs: 1000 } : {});
    const w = watch(r);
    const summary = await r.run(fanOut(5));
    expect(summary.states).toMatchObject({ g0: 'failed', g1: 'done', g2: 'done', g3: 'done', g4: 'done' });
    const delays = w.delays();
    const duration = r.fake.queueMs + r.fake.runMs;
    // Without a new scout the siblings would look only every `capMs` (30 s), long after their end.
    for (const id of ['g1', 'g2', 'g3', 'g4']) expect(delays[id]).toBeLessThanOrEqual(0.15 * duration);
    expect(delays.g0).toBeLessThanOrEqual(0.15 * 2000);
  });

  it("a never-seen endpoint is first looked at when the provider's other endpoints took their time", async () => {
    const r = rig();
    const w = watch(r);
    await r.run(diamond());
    const delays = w.delays();
    // img taught the executor that fake jobs take about 11 s; the video endpoints, never seen, are asked about then.
    for (const id of ['va', 'vb', 'join']) expect(delays[id]).toBeLessThan(Math.max(200, delays.img! / 2));
  });

  it('a wrong hint costs a poll, not the end: a slower endpoint is still seen within 15 % of its time', async () => {
    const r = rig();
    r.fake.shape = (endpoint) => (endpoint === 'fake/image-to-video' ? { runMs: 40_000 } : {});
    const w = watch(r);
    const summary = await r.run(diamond());
    expect(summary.states).toMatchObject({ va: 'done', vb: 'done', join: 'done' });
    const delays = w.delays();
    for (const id of ['va', 'vb']) expect(delays[id]).toBeLessThanOrEqual(0.15 * 41_000);
  });

  it('a job that others wait for is looked at more closely than a leaf, so the run is not held up by it', async () => {
    const leaf = rig();
    const wLeaf = watch(leaf);
    await leaf.run(fanOut(1));
    const parent = rig();
    const wParent = watch(parent);
    await parent.run(graph([node('t', 'weft/text', { text: 'x' }), node('img', 'fake/text-to-image', { seed: 1 }), node('va', 'fake/image-to-video')], [wire('t', 'text', 'img', 'prompt'), wire('img', 'image', 'va', 'image')]));
    const imgJob = (parent.events.find((e) => e.type === 'nodeSubmitted' && e.nodeId === 'img') as { jobId: string }).jobId;
    expect(wParent.perJob.get(imgJob)!).toBeGreaterThan([...wLeaf.perJob.values()][0]!);
    expect(wParent.delays().img!).toBeLessThan(wLeaf.delays().g0!);
  });

  it('a sibling whose scout is stuck in the queue still notices its own end', async () => {
    const r = rig({ concurrency: { fake: 10 } });
    r.fake.shape = (_endpoint, input) => (input.seed === 0 ? { queueMs: 10 * 60_000 } : {});
    const summary = await r.run(fanOut(3));
    expect(summary.states).toMatchObject({ g0: 'done', g1: 'done', g2: 'done' });
    const done = r.events.filter((e) => e.type === 'nodeDone' && e.nodeId.startsWith('g'));
    // g1 and g2 end at 11 s; their own look every 30 s sees it, without waiting ten minutes for g0.
    expect(done.slice(0, 2).map((e) => (e as { nodeId: string }).nodeId).sort()).toEqual(['g1', 'g2']);
    for (const e of done.slice(0, 2)) expect(e.at).toBeLessThanOrEqual(30_000);
  });
});

describe('built-in nodes', () => {
  it('a template node fills its placeholders from wires and widgets; primitives are coerced to what the field takes', async () => {
    const r = rig();
    const g = graph(
      [node('animal', 'weft/text', { text: 'fox' }), node('tpl', 'weft/template', { template: 'A {animal} in {place}, {{cinematic}}', place: 'snow' }), node('seed', 'weft/integer', { value: 7 }), node('g', 'fake/text-to-image'), node('p', 'weft/preview')],
      [wire('animal', 'text', 'tpl', 'animal'), wire('tpl', 'text', 'g', 'prompt'), wire('seed', 'value', 'g', 'seed'), wire('g', 'image', 'p', 'media')],
    );
    const summary = await r.run(g);
    expect(summary.problems).toEqual([]);
    expect([...r.fake.jobs.values()][0]!.input).toEqual({ prompt: 'A fox in snow, {cinematic}', seed: 7 });
    expect(summary.outputs.p!.media![0]!.kind).toBe('image');
  });

  it('a template with an empty placeholder is a plan problem on that field', async () => {
    const r = rig();
    const g = graph([node('tpl', 'weft/template', { template: 'A {animal}' }), node('g', 'fake/text-to-image', { seed: 1 })], [wire('tpl', 'text', 'g', 'prompt')]);
    const summary = await r.run(g);
    expect(summary.problems.map((p) => `${p.nodeId}:${p.field}`)).toEqual(['tpl:animal']);
  });
});

describe('planning before any spend', () => {
  it('reports every problem at once, per node and field, and submits nothing', async () => {
    const r = rig();
    const g = graph(
      [node('t', 'weft/text', { text: 'x' }), node('a', 'fake/text-to-image'), node('v', 'fake/image-to-video'), node('ghost', 'nobody/knows'), node('p', 'weft/preview'), node('bad', 'fake/image-to-video')],
      [wire('t', 'text', 'bad', 'image'), wire('ghost', 'out', 'v', 'prompt')],
    );
    const summary = await r.run(g);
    expect(r.fake.calls.submit).toBe(0);
    const where = summary.problems.map((p) => `${p.nodeId}:${p.field ?? ''}`);
    expect(where).toEqual(expect.arrayContaining(['a:prompt', 'v:image', 'ghost:', 'p:media', 'bad:image']));
  });

  it('refuses a cycle', async () => {
    const r = rig();
    const g = graph([node('a', 'fake/image-to-video'), node('b', 'fake/image-to-video')], [wire('a', 'video', 'b', 'image'), wire('b', 'video', 'a', 'image')]);
    const summary = await r.run(g);
    expect(summary.problems[0]?.message).toMatch(/loop/);
  });

  it('checks payloads with the template validator, leaving out fields a job will fill', async () => {
    const strict = template({ id: 'fake/strict', inputs: [field('prompt', 'text', { required: true, maxLength: 5 }), field('image', 'image', { required: true })], outputs: [output('image', 'image')] });
    const r = fakeWorld({}, { templates: [strict] });
    const g = graph(
      [node('t', 'weft/text', { text: 'far too long' }), node('img', 'fake/text-to-image', { seed: 1 }), node('s', 'fake/strict')],
      [wire('t', 'text', 'img', 'prompt'), wire('t', 'text', 's', 'prompt'), wire('img', 'image', 's', 'image')],
    );
    const summary = await r.run(g);
    expect(summary.problems).toEqual([{ nodeId: 's', field: 'prompt', message: 'must be at most 5 characters' }]);
  });

  it('runs up to a node, or from a node reusing what is upstream', async () => {
    const r = rig();
    await r.run(diamond(), { mode: 'upTo', target: 'va' });
    expect(r.fake.calls.submit).toBe(2);
    const upTo = r.events.filter((e) => e.type === 'runStarted').at(-1) as { nodes: string[] };
    expect(upTo.nodes.sort()).toEqual(['img', 't', 'va']);
    r.events.length = 0;
    await r.run(diamond(), { mode: 'from', target: 'vb' });
    // vb and what is below it (join) re-run; what they need from upstream (img, va) comes from the cache.
    expect(r.events.filter((e) => e.type === 'nodeCached').map((e) => (e as { nodeId: string }).nodeId).sort()).toEqual(['img', 'va']);
    expect(r.fake.calls.submit).toBe(4); // vb and join
  });
});

describe('retry rules (RELIABILITY promise 2)', () => {
  it('a 429 on submit surely did not start: retried after Retry-After, and the limit is lowered', async () => {
    const r = rig();
    r.fake.faults.submit!.push({ info: { class: 'rate_limited', retryAfterMs: 7000, mayHaveStarted: false } });
    const summary = await r.run(fanOut(1));
    expect(summary.states.g0).toBe('done');
    expect(r.fake.calls.submit).toBe(2);
    expect([...r.fake.jobs.values()][0]!.submittedAt).toBeGreaterThanOrEqual(7000);
  });

  it('a submit whose answer was lost leaves the node unknown: exactly one submit, nothing downstream, never resubmitted by itself', async () => {
    const r = rig();
    r.fake.faults.submit!.push({ drop: true });
    const g = diamond();
    const summary = await r.run(g);
    expect(summary.states.img).toBe('unknown');
    expect(summary.errors.img?.message).toMatch(/may charge again|not resubmitted/);
    expect(summary.states.va).toBe('skipped');
    expect(r.fake.calls.submit).toBe(1);
    expect(r.fake.jobs.size).toBe(1); // the provider did start it
    // Running again does not resubmit...
    const again = await r.run(g);
    expect(again.states.img).toBe('unknown');
    expect(r.fake.calls.submit).toBe(1);
    // ...until the user asks.
    const resubmitted = await r.run(g, { resubmit: ['img'] });
    expect(resubmitted.states.img).toBe('done');
    expect(r.fake.calls.submit).toBe(5);
  });

  it('a 5xx on submit may have started: unknown, not retried', async () => {
    const r = rig();
    r.fake.faults.submit!.push({ info: { class: 'transient', httpStatus: 500, mayHaveStarted: true, retrySafe: false } });
    const summary = await r.run(fanOut(1));
    expect(summary.states.g0).toBe('unknown');
    expect(r.fake.calls.submit).toBe(1);
  });

  it('a refused connection did not start: retried', async () => {
    const r = rig();
    r.fake.faults.submit!.push({ info: { class: 'transient', retrySafe: true, mayHaveStarted: false } });
    expect((await r.run(fanOut(1))).states.g0).toBe('done');
    expect(r.fake.calls.submit).toBe(2);
  });

  it('auth, balance, invalid input and moderation are never retried', async () => {
    for (const cls of ['auth', 'balance', 'invalid_input', 'moderation'] as const) {
      const r = rig();
      r.fake.faults.submit!.push({ info: { class: cls, retrySafe: false, mayHaveStarted: false } });
      const summary = await r.run(fanOut(1));
      expect(summary.states.g0).toBe('failed');
      expect(summary.errors.g0?.class).toBe(cls);
      expect(r.fake.calls.submit).toBe(1);
    }
  });

  it('status errors are retried with backoff; a success resets the count; too many in a row → unreachable', async () => {
    const r = rig();
    r.fake.faults.status!.push({ info: { class: 'transient' } }, { info: { class: 'transient' } });
    expect((await r.run(fanOut(1))).states.g0).toBe('done');

    const r2 = rig();
    for (let i = 0; i < 10; i++) r2.fake.faults.status!.push({ info: { class: 'transient' } });
    const summary = await r2.run(fanOut(1));
    expect(summary.states.g0).toBe('unreachable');
    expect(r2.fake.calls.status).toBe(5);
    expect(r2.clock.pending).toBe(0); // no spinner left behind
  });

  it('downloads and results are retried on transient errors', async () => {
    const r = rig();
    r.fake.faults.download!.push({ info: { class: 'transient' } });
    r.fake.faults.result!.push({ info: { class: 'transient' } });
    expect((await r.run(fanOut(1))).states.g0).toBe('done');
    expect(r.fake.calls.download).toBe(2);
  });
});

describe('honest polling (promise 4)', () => {
  it('an unknown status is "still running", with a warning, and the job still finishes', async () => {
    const r = rig();
    r.fake.shape = () => ({ oddStatus: 'WARMING_UP' });
    const summary = await r.run(fanOut(1));
    expect(summary.states.g0).toBe('done');
    expect(r.events.some((e) => e.type === 'nodeProgress' && e.unrecognisedStatus && e.jobState === 'running')).toBe(true);
    expect(r.events.some((e) => e.type === 'warning' && /unknown status "WARMING_UP"/.test(e.message))).toBe(true);
  });

  it('a job the provider forgot is lost, never done, and nothing downstream runs', async () => {
    const r = rig();
    r.fake.shape = (endpoint) => (endpoint === 'text-to-image' ? { forget: true } : {});
    const summary = await r.run(diamond());
    expect(summary.states.img).toBe('lost');
    expect(summary.states.va).toBe('skipped');
    expect(summary.states.join).toBe('skipped');
    expect(r.fake.calls.submit).toBe(1);
    const record = ((await r.storage.journal.list()) as JournalRecord[])[0]!;
    expect(record.state).toBe('lost');
  });

  it('a job deadline ends the wait with a reason', async () => {
    const r = rig({ jobDeadlineMs: 60_000 });
    r.fake.runMs = 10 * 60_000;
    const summary = await r.run(fanOut(1));
    expect(summary.states.g0).toBe('timeout');
    expect(summary.errors.g0?.message).toMatch(/1 minutes|stopped waiting/);
  });

  it('a failed job reports the provider’s reason', async () => {
    const r = rig();
    r.fake.shape = () => ({ outcome: 'moderation' });
    const summary = await r.run(fanOut(1));
    expect(summary.states.g0).toBe('failed');
    expect(summary.errors.g0?.class).toBe('moderation');
  });
});

describe('cancel (promise 5)', () => {
  it('cancelling queued jobs calls the provider once each and ends them; cancelling twice is one call; nothing new starts', async () => {
    const r = rig();
    r.fake.queueMs = 60_000;
    const executor = createExecutor(r.deps);
    const handle = executor.run(diamond(), {}, (e) => r.events.push(e));
    await r.clock.advance(5000);
    handle.cancel();
    handle.cancel();
    const summary = await r.clock.run(handle.done);
    expect(summary.states.img).toBe('cancelled');
    expect(summary.states.va).toMatch(/cancelled|skipped/);
    expect(r.fake.calls.cancel).toBe(1);
    expect(r.fake.calls.submit).toBe(1);
    expect(summary.cancelled).toBe(true);
  });

  it('a running job shows cancelling, may still bill; its result is kept but not passed downstream', async () => {
    const r = rig();
    const executor = createExecutor(r.deps);
    const handle = executor.run(diamond(), {}, (e) => r.events.push(e));
    await r.clock.advance(5000); // img is running (queue 1 s)
    handle.cancel();
    const summary = await r.clock.run(handle.done);
    expect(r.events.some((e) => e.type === 'nodeState' && e.nodeId === 'img' && e.state === 'cancelling')).toBe(true);
    expect(r.events.some((e) => e.type === 'warning' && /may still be billed/.test(e.message))).toBe(true);
    expect(summary.states.img).toBe('cancelled');
    expect(summary.states.va).toMatch(/cancelled|skipped/);
    expect(r.fake.calls.submit).toBe(1);
    expect(r.fake.calls.cancel).toBe(1);
    // The result is kept: the next run takes it from the cache without paying again.
    const again = await r.run(diamond(), { mode: 'upTo', target: 'img' });
    expect(again.states.img).toBe('cached');
    expect(r.fake.calls.submit).toBe(1);
  });
});

describe('the cache (promise 8)', () => {
  it('an unchanged graph submits nothing; changing one value re-runs that node and its descendants only', async () => {
    const r = rig();
    const g = diamond();
    await r.run(g);
    expect(r.fake.calls.submit).toBe(4);
    const second = await r.run(g);
    expect(r.fake.calls.submit).toBe(4);
    expect(Object.entries(second.states).filter(([, s]) => s === 'cached').map(([id]) => id).sort()).toEqual(['img', 'join', 'va', 'vb']);
    const changed = structuredClone(g);
    changed.nodes.find((n) => n.id === 'vb')!.values.prompt = 'right, slower';
    const third = await r.run(changed);
    expect(third.states).toMatchObject({ img: 'cached', va: 'cached', vb: 'done', join: 'done' });
    expect(r.fake.calls.submit).toBe(6);
  });

  // Changed by issue 19 (RELIABILITY promises 8, 13): a hit whose file is gone used to re-run (pay again);
  // now the file is fetched again from the journal's job.
  it('re-roll and random seeds bypass the cache; a hit whose file is gone is fetched again from its job', async () => {
    const r = rig();
    const g = fanOut(1);
    await r.run(g);
    await r.run(g, { reroll: ['g0'] });
    expect(r.fake.calls.submit).toBe(2);
    const random = graph([node('t', 'weft/text', { text: 'x' }), node('g', 'fake/text-to-image')], [wire('t', 'text', 'g', 'prompt')]);
    await r.run(random);
    await r.run(random);
    expect(r.fake.calls.submit).toBe(4);
    // Lose the stored file: the hit is not trusted, and the journal's job gives the file again.
    const gone = rig();
    await gone.run(g);
    const entry = ((await gone.storage.cache.list()) as CacheEntry[]).find((c) => c.nodeType === 'fake/text-to-image')!;
    const file = entry.outputs.image![0]!;
    gone.files.delete((file as { blob: string }).blob);
    const again = await gone.run(g);
    expect(again.states.g0).toBe('cached');
    expect(gone.fake.calls.submit).toBe(1);
    expect(gone.fake.calls.download).toBe(2);
  });

  it('local files are read, content-hashed and uploaded once per content', async () => {
    const r = rig({}, 'upload');
    const g = graph(
      [node('i1', 'weft/image', { url: 'same.png' }), node('i2', 'weft/image', { url: 'same.png' }), node('v1', 'fake/image-to-video', { prompt: 'a' }), node('v2', 'fake/image-to-video', { prompt: 'b' })],
      [wire('i1', 'image', 'v1', 'image'), wire('i2', 'image', 'v2', 'image')],
    );
    const summary = await r.run(g);
    expect(summary.states).toMatchObject({ v1: 'done', v2: 'done' });
    expect(r.fake.calls.upload).toBe(1);
    expect([...r.fake.jobs.values()].map((j) => j.input.image)).toEqual(['https://uploads.fake/1-13', 'https://uploads.fake/1-13']);
  });
});

describe('the journal (promises 1 and 3)', () => {
  it('records the intent before the submit and the job id after it', async () => {
    const r = rig();
    let seenAtSubmit: JournalRecord[] = [];
    const submit = r.fake.submit.bind(r.fake);
    r.fake.submit = async (endpoint, input) => {
      seenAtSubmit = (await r.storage.journal.list()) as JournalRecord[];
      return submit(endpoint, input);
    };
    await r.run(fanOut(1));
    expect(seenAtSubmit.map((x) => x.state)).toEqual(['intent']);
    const [record] = await r.storage.journal.list();
    expect(record).toMatchObject({ state: 'done', nodeId: 'g0', jobId: 'fake-1', provider: 'fake' });
  });

  it('after a crash, a new executor resumes the submitted job by polling: zero new submits', async () => {
    const r = rig();
    r.fake.runMs = 5 * 60_000;
    let crashed = false;
    const crashingClock: Clock = {
      now: () => r.clock.now(),
      monotonic: () => r.clock.monotonic(),
      sleep: (ms, signal) => r.clock.sleep(ms, signal).then(() => (crashed ? new Promise<void>(() => {}) : undefined)),
    };
    const first = createExecutor({ ...r.deps, clock: crashingClock });
    const g = diamond();
    void first.run(g).done;
    await r.clock.advance(30_000); // img submitted and running
    crashed = true;
    expect(r.fake.calls.submit).toBe(1);
    expect((await createExecutor(r.deps).unfinished()).map((x) => x.nodeId)).toEqual(['img']);

    const second = await r.run(g);
    expect(second.states).toMatchObject({ img: 'done', va: 'done', vb: 'done', join: 'done' });
    expect(r.fake.calls.submit).toBe(4); // img was not submitted again
    expect(r.events.some((e) => e.type === 'nodeSubmitted' && e.nodeId === 'img' && e.resumed)).toBe(true);
  });

  it('resuming the same run (same runId) follows its jobs even for fresh nodes (random seed, from mode): zero new submits', async () => {
    const r = rig();
    r.fake.runMs = 5 * 60_000;
    let crashed = false;
    const crashingClock: Clock = {
      now: () => r.clock.now(),
      monotonic: () => r.clock.monotonic(),
      sleep: (ms, signal) => r.clock.sleep(ms, signal).then(() => (crashed ? new Promise<void>(() => {}) : undefined)),
    };
    // img has no seed (random): never served from the cache, so only the runId says "this is my job".
    const g = diamond();
    g.nodes.find((n) => n.id === 'img')!.values = {};
    const first = createExecutor({ ...r.deps, clock: crashingClock });
    void first.run(g, { runId: 'run-1', mode: 'from', target: 'img' }).done;
    await r.clock.advance(30_000);
    crashed = true;
    expect(r.fake.calls.submit).toBe(1);

    const second = await r.run(g, { runId: 'run-1', mode: 'from', target: 'img' });
    expect(second.states).toMatchObject({ img: 'done', va: 'done', vb: 'done', join: 'done' });
    expect(r.fake.calls.submit).toBe(4);
    // Resumed once more after it finished: the finished jobs of this run are reused, nothing is submitted.
    const third = await r.run(g, { runId: 'run-1', mode: 'from', target: 'img' });
    expect(third.states).toMatchObject({ img: 'done', join: 'done' });
    expect(r.fake.calls.submit).toBe(4);
  });

  it('a crash between intent and answer leaves the job unknown: never resubmitted automatically', async () => {
    const r = rig();
    const g = fanOut(1);
    const plan = createExecutor(r.deps).plan(g);
    expect(plan.problems).toEqual([]);
    // Simulate: the intent was written, then the process died before the answer was recorded.
    await r.run(g, { noCache: true }); // learn the cache key from a normal run's record
    const [done] = (await r.storage.journal.list()) as JournalRecord[];
    await r.storage.cache.delete(done!.jobKey);
    const crashed = `${done!.jobKey}-${done!.attempt + 1}`;
    await r.storage.journal.put(crashed, { ...done!, id: crashed, attempt: done!.attempt + 1, state: 'intent', jobId: undefined, updatedAt: r.clock.now() + 1 } as JournalRecord);
    const summary = await r.run(g);
    expect(summary.states.g0).toBe('unknown');
    expect(r.fake.calls.submit).toBe(1);
  });
});
