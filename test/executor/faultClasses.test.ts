import { describe, expect, it } from 'vitest';
import type { ExecutorEvent } from '../../src/core/executor/types.ts';
import { ProviderError } from '../../src/core/providers/types.ts';
import { fakeWorld, fan, graph, killedRun, node, wire } from './support/fakeRig.ts';

/**
 * One test (or a few) per class of fault in issue 19, at the executor level: a fake provider scripted
 * to misbehave, "killed" executors (a clock that stops), two executors over one storage. Each of these
 * failed on the executor before the fix; they say what is promised (RELIABILITY 1, 3, 8, 13–16).
 */

const randomSeed = () => fan(1, () => undefined);

describe('class 1: the link between a journaled job and its node does not depend on a run id', () => {
  it('a random-seed node whose job was running when the process died is followed by the next run, not submitted again', async () => {
    const w = fakeWorld();
    w.fake.runMs = 5 * 60_000;
    await killedRun(w, randomSeed(), 30_000, { runId: 'cli-first' });
    expect(w.fake.calls.submit).toBe(1);
    const second = await w.run(randomSeed(), { runId: 'cli-second' });
    expect(second.states.g0).toBe('done');
    expect(w.fake.calls.submit).toBe(1);
    expect(w.events.some((e) => e.type === 'nodeSubmitted' && e.nodeId === 'g0' && e.resumed)).toBe(true);
  });

  it('--no-cache still follows an unfinished job first', async () => {
    const w = fakeWorld();
    w.fake.runMs = 5 * 60_000;
    await killedRun(w, fan(1), 30_000, { runId: 'cli-first' });
    const second = await w.run(fan(1), { runId: 'cli-second', noCache: true });
    expect(second.states.g0).toBe('done');
    expect(w.fake.calls.submit).toBe(1);
  });

  it('a random-seed node that finished makes a new take on the next run', async () => {
    const w = fakeWorld();
    await w.run(randomSeed());
    await w.run(randomSeed());
    expect(w.fake.calls.submit).toBe(2);
  });
});

describe('class 2: a paid job is never written off', () => {
  it('a result download that fails (503 again and again) is retried by the next run, never the submit', async () => {
    const w = fakeWorld();
    for (let i = 0; i < 8; i++) w.fake.faults.download!.push({ info: { class: 'transient', message: 'HTTP 503', httpStatus: 503 } });
    const first = await w.run(fan(1));
    expect(first.states.g0).not.toBe('done');
    expect(first.errors.g0?.message).toMatch(/paid|not submitted again|next run/i);
    expect((await w.storage.journal.list()).map((r) => (r as { state: string }).state)).not.toContain('failed');
    w.fake.faults.download!.length = 0;
    const second = await w.run(fan(1));
    expect(second.states.g0).toMatch(/done|cached/);
    expect(second.outputs.g0?.image).toHaveLength(1);
    expect(w.fake.calls.submit).toBe(1);
  });

  it('a result on a host Weft refuses is reported as such, and is not bought again', async () => {
    const w = fakeWorld();
    const refuse = () => w.fake.faults.download!.push({ info: { class: 'invalid_input', message: 'Refused to download a result from evil.example: it is not one of fake’s media hosts.' } });
    for (let i = 0; i < 8; i++) refuse();
    const first = await w.run(fan(1));
    expect(first.states.g0).toBe('failed');
    expect(first.errors.g0?.message).toMatch(/Refused to download a result from evil\.example/);
    const second = await w.run(fan(1));
    expect(second.errors.g0?.message).toMatch(/evil\.example/);
    expect(w.fake.calls.submit).toBe(1);
    expect(w.fake.calls.result).toBeGreaterThanOrEqual(2);
  });
});

describe('class 3: the journal is the truth, the cache an index over it', () => {
  it('a lost cache (a crash before it was written, or the file deleted) never pays again', async () => {
    const w = fakeWorld();
    await w.run(fan(2));
    for (const entry of (await w.storage.cache.list()) as { key: string }[]) await w.storage.cache.delete(entry.key);
    const second = await w.run(fan(2));
    expect(second.states).toMatchObject({ g0: 'cached', g1: 'cached' });
    expect(w.fake.calls.submit).toBe(2);
  });

  it('a finished job whose stored file is gone is downloaded again from the job, not bought again', async () => {
    const w = fakeWorld();
    await w.run(fan(1));
    const downloads = w.fake.calls.download!;
    w.files.clear();
    const second = await w.run(fan(1));
    expect(second.states.g0).toMatch(/done|cached/);
    expect(w.fake.calls.submit).toBe(1);
    expect(w.fake.calls.download).toBe(downloads + 1);
    expect(w.files.size).toBe(1);
  });
});

describe('class 3 (identity): each node is its own job', () => {
  it('two nodes with identical inputs are two jobs; running the graph again submits nothing', async () => {
    const w = fakeWorld();
    const g = graph([node('t', 'weft/text', { text: 'same' }), node('a', 'fake/text-to-image', { seed: 7 }), node('b', 'fake/text-to-image', { seed: 7 })], [wire('t', 'text', 'a', 'prompt'), wire('t', 'text', 'b', 'prompt')]);
    const first = await w.run(g);
    expect(first.states).toMatchObject({ a: 'done', b: 'done' });
    expect(w.fake.calls.submit).toBe(2);
    expect(first.jobs.a?.jobId).not.toBe(first.jobs.b?.jobId);
    const again = await w.run(g);
    expect(again.states).toMatchObject({ a: 'cached', b: 'cached' });
    expect(w.fake.calls.submit).toBe(2);
  });
});

describe('class 4: one answer is not a verdict', () => {
  it('a single malformed status answer (not retry-safe, not "not found") counts toward the limit instead of ending the job', async () => {
    const w = fakeWorld();
    w.fake.faults.status!.push({ info: { class: 'unknown', retrySafe: false, message: 'the status answer was an HTML page' } });
    const summary = await w.run(fan(1));
    expect(summary.states.g0).toBe('done');
  });

  it('a single "not found" from the status call is confirmed before the job is called lost', async () => {
    const w = fakeWorld();
    w.fake.faults.status!.push({ info: { class: 'not_found', message: 'job not found (404 page)' } });
    const summary = await w.run(fan(1));
    expect(summary.states.g0).toBe('done');
    expect(w.fake.calls.submit).toBe(1);
  });

  it('a confirmed lost job stays in the journal: the next run asks the provider again and pays nothing', async () => {
    const w = fakeWorld();
    w.fake.shape = () => ({ forget: true });
    const first = await w.run(fan(1));
    expect(first.states.g0).toBe('lost');
    const second = await w.run(fan(1));
    expect(second.states.g0).toBe('lost');
    expect(w.fake.calls.submit).toBe(1);
  });
});

describe('class 5: an unclear submit answer is unknown; a request that never left is failed', () => {
  it('an error answer that does not clearly say "not started" (HTTP 200 {"code":500}) leaves the node unknown', async () => {
    const w = fakeWorld();
    w.fake.faults.submit!.push({ info: { class: 'unknown', retrySafe: false, mayHaveStarted: undefined, message: 'RunningHub: unknown error (500)' } });
    const first = await w.run(fan(1));
    expect(first.states.g0).toBe('unknown');
    const second = await w.run(fan(1));
    expect(second.states.g0).toBe('unknown');
    expect(w.fake.calls.submit).toBe(1);
  });

  it('a submit that throws something other than a provider error is unknown, not failed', async () => {
    const w = fakeWorld();
    w.fake.submit = async () => {
      w.fake.calls.submit!++;
      throw new TypeError('adapter bug');
    };
    const summary = await w.run(fan(1));
    expect(summary.states.g0).toBe('unknown');
  });

  it('a request that never left (mayHaveStarted: false, not retry-safe) is failed with its reason, never unknown', async () => {
    const w = fakeWorld();
    w.fake.submit = async () => {
      w.fake.calls.submit!++;
      throw new ProviderError({ provider: 'fake', call: 'submit', class: 'auth', message: 'The key contains a character outside Latin-1; the request did not leave.', retrySafe: false, mayHaveStarted: false });
    };
    const summary = await w.run(fan(1));
    expect(summary.states.g0).toBe('failed');
    expect(summary.errors.g0?.message).toMatch(/did not leave/);
  });
});

describe('class 6: one claim per job', () => {
  it('two executors over one storage running the same graph at once submit each job once; neither reports unknown', async () => {
    const w = fakeWorld();
    const a = w.executor();
    const b = w.executor();
    const [first, second] = await w.clock.run(Promise.all([a.run(fan(3)).done, b.run(fan(3)).done]));
    expect(w.fake.calls.submit).toBe(3);
    for (const id of ['g0', 'g1', 'g2']) {
      expect(first.states[id]).toMatch(/done|cached/);
      expect(second.states[id]).toMatch(/done|cached/);
    }
  });

  it('the same for a random-seed node: the second executor takes the first one’s take', async () => {
    const w = fakeWorld();
    const [first, second] = await w.clock.run(Promise.all([w.executor().run(randomSeed()).done, w.executor().run(randomSeed()).done]));
    expect(w.fake.calls.submit).toBe(1);
    expect(first.jobs.g0?.jobId).toBe(second.jobs.g0?.jobId);
    const blobOf = (o: typeof first.outputs) => (o.g0?.image?.[0] as { blob?: string } | undefined)?.blob;
    expect(blobOf(second.outputs)).toBe(blobOf(first.outputs));
  });
});

describe('class 8: a damaged journal record', () => {
  it('is reported with where it is, and its node stays unknown: nothing is submitted', async () => {
    const w = fakeWorld();
    w.fake.runMs = 5 * 60_000;
    await killedRun(w, fan(1), 30_000);
    const [record] = (await w.storage.journal.list()) as { id: string }[];
    await w.storage.journal.put(record!.id, { half: 'written' });
    const summary = await w.run(fan(1));
    expect(summary.states.g0).toBe('unknown');
    expect(w.fake.calls.submit).toBe(1);
    const warning = w.events.find((e) => e.type === 'warning' && /damaged|cannot be read/i.test(e.message));
    expect(warning?.type === 'warning' && warning.message).toContain(record!.id);
  });
});

describe('learned durations (monotonic, bounded)', () => {
  it('a 20-minute wall-clock jump during a job does not stretch the waits of later jobs', async () => {
    const w = fakeWorld();
    const single = (prompt: string) => graph([node('t', 'weft/text', { text: prompt }), node('g', 'fake/text-to-image', { seed: 1 })], [wire('t', 'text', 'g', 'prompt')]);
    const first = w.executor().run(single('one')).done;
    await w.clock.advance(5_000);
    w.clock.jumpWall(20 * 60_000);
    await w.clock.run(first);
    const events: ExecutorEvent[] = [];
    await w.clock.run(w.executor().run(single('two'), {}, (e) => events.push(e)).done);
    const submitted = events.find((e) => e.type === 'nodeSubmitted')!.at;
    const done = events.find((e) => e.type === 'nodeDone' && e.nodeId === 'g')!.at;
    // The job takes 11 s (1 s queued, 10 s running); its end is seen within 2 s of it.
    expect(done - submitted).toBeLessThan(13_000);
  });
});

describe('provider slots', () => {
  it('jobs followed after a resume hold a slot: a re-run with a limit of 4 never has more than 4 running', async () => {
    const w = fakeWorld({ concurrency: { fake: 4 } });
    w.fake.runMs = 5 * 60_000;
    const g = fan(8);
    await killedRun(w, g, 30_000);
    expect(w.fake.calls.submit).toBe(4);
    const summary = await w.run(g);
    expect(Object.values(summary.states).every((s) => s === 'done')).toBe(true);
    expect(w.fake.calls.submit).toBe(8);
    expect(w.fake.maxUnfinished).toBeLessThanOrEqual(4);
  });

  it('a slot is freed when the job’s end is seen, not after its files are downloaded', async () => {
    const w = fakeWorld({ concurrency: { fake: 1 } });
    const download = w.fake.download.bind(w.fake);
    w.fake.download = async (url: string) => {
      await w.clock.sleep(5_000);
      return download(url);
    };
    const summary = await w.run(fan(2));
    expect(summary.states).toMatchObject({ g0: 'done', g1: 'done' });
    const submits = w.events.filter((e) => e.type === 'nodeSubmitted').map((e) => e.at);
    const firstDone = w.events.find((e) => e.type === 'nodeDone' && e.nodeId !== 't')!.at;
    expect(submits[1]).toBeLessThan(firstDone);
  });

  it('a run of 15 jobs adds no listener it does not remove (no MaxListenersExceededWarning)', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const w = fakeWorld({ concurrency: { fake: 2 } });
      const summary = await w.run(fan(15));
      expect(Object.values(summary.states).every((s) => s === 'done')).toBe(true);
      await new Promise((r) => setTimeout(r, 20));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((x) => x.name)).not.toContain('MaxListenersExceededWarning');
  });
});
