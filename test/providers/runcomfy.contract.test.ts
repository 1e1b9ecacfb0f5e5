import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRunComfy } from '../../src/providers/runcomfy.ts';
import type { Provider } from '../../src/core/providers/types.ts';
import { FINGERPRINT, KEY, PNG_1X1, failure, isMp4, isPng, pollToEnd, providerCalls, startSim, type RunningSim } from './contractSupport.ts';

/**
 * The RunComfy adapter against the simulator over real HTTP on loopback: what the provider saw (paths,
 * headers, bodies) and what Weft reported, for the happy path and every fault.
 */

const VEO = 'google-deepmind/veo-3-1/reference-to-video';
const FLUX = 'blackforestlabs/flux-2-klein/4b/text-to-image';

let sim: RunningSim;
let rc: Provider;

beforeAll(async () => {
  sim = await startSim();
  rc = createRunComfy({ baseUrl: sim.url, apiKey: KEY });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.simulator.reset();
  sim.simulator.configure({ timing: 'fast' });
});

describe('RunComfy happy path', () => {
  it('submits once, polls queued → running → completed, fetches the result with cost, downloads the video', async () => {
    // Long enough that a loaded machine still sees the job before it ends (fast timing is 160 ms in all).
    sim.simulator.configure({ timing: { queueMs: 400, runMs: 800 } });
    const image = await rc.mediaInput({ bytes: PNG_1X1, mimeType: 'image/png', name: 'ref.png' });
    expect(image.startsWith('data:image/png;base64,')).toBe(true);
    const input = { prompt: 'a fox in the snow', image_urls: [image, 'https://example.com/b.png'], duration: 8, resolution: '720p', generate_audio: true };

    const submitted = await rc.submit(VEO, input);
    expect(submitted.jobId).toMatch(/\S/);
    expect(submitted.status.state).toBe('queued');

    const seen = await pollToEnd(rc, submitted.jobId);
    expect(seen.at(-1)?.state).toBe('succeeded');
    expect(seen.some((s) => s.state === 'queued' || s.state === 'running')).toBe(true);

    const result = await rc.result(submitted.jobId);
    expect(result.state).toBe('succeeded');
    expect(result.outputs).toHaveLength(1);
    expect(result.outputs[0]).toMatchObject({ kind: 'video', ext: 'mp4' });
    expect(result.cost).toMatchObject({ currency: 'USD' });
    expect(result.cost!.amount).toBeGreaterThan(0);

    const file = await rc.download(result.outputs[0]!.url!);
    expect(isMp4(await file.bytes())).toBe(true);
    expect(file.mimeType).toBe('video/mp4');

    // What RunComfy saw.
    const [submit, ...rest] = providerCalls(sim);
    expect(providerCalls(sim, 'submit')).toHaveLength(1);
    expect(submit).toMatchObject({ provider: 'runcomfy', call: 'submit', method: 'POST', path: `/v1/models/${VEO}`, auth: { present: true, fingerprint: FINGERPRINT } });
    expect(submit!.headers['content-type']).toBe('application/json');
    expect((submit!.body as { prompt: string }).prompt).toBe('a fox in the snow');
    expect(rest.filter((c) => c.call === 'status').every((c) => c.method === 'GET' && c.path === `/v1/requests/${submitted.jobId}/status`)).toBe(true);
    const resultCall = providerCalls(sim, 'result')[0];
    expect(resultCall).toMatchObject({ method: 'GET', path: `/v1/requests/${submitted.jobId}/result`, query: { include_cost: 'true' } });
    expect(JSON.stringify(sim.simulator.calls())).not.toContain(KEY);
  });

  it('an image model returns a PNG that the adapter downloads; queue position is reported', async () => {
    sim.simulator.configure({ timing: { queueMs: 400, runMs: 80 } });
    let first, second;
    try {
      first = await rc.submit(FLUX, { prompt: 'first' });
      second = await rc.submit(FLUX, { prompt: 'second' });
      const status = await rc.status(second.jobId);
      expect(status.state).toBe('queued');
      expect(status.queuePosition).toBe(1); // one job ahead of it
    } finally {
      sim.simulator.configure({ timing: { queueMs: 40, runMs: 80 } });
    }
    await pollToEnd(rc, first.jobId);
    await pollToEnd(rc, second.jobId);
    const result = await rc.result(first.jobId);
    expect(result.outputs[0]?.kind).toBe('image');
    const file = await rc.download(result.outputs[0]!.url!);
    expect(isPng(await file.bytes())).toBe(true);
  });

  it('the result of an unfinished job is its current state, with no outputs', async () => {
    const { jobId } = await rc.submit(FLUX, { prompt: 'x' });
    const result = await rc.result(jobId);
    expect(['queued', 'running']).toContain(result.state);
    expect(result.outputs).toEqual([]);
  });
});

describe('RunComfy call faults', () => {
  it('server_error on submit: transient, may have started, not retried; no job created', async () => {
    sim.simulator.setFaults([{ fault: 'server_error', call: 'submit' }]);
    const info = await failure(rc.submit(FLUX, { prompt: 'x' }));
    expect(info).toMatchObject({ class: 'transient', httpStatus: 500, mayHaveStarted: true, retrySafe: false });
    expect(providerCalls(sim, 'submit')).toHaveLength(1);
  });

  it('rate_limited: 429 with Retry-After, surely not started, safe to retry', async () => {
    sim.simulator.setFaults([{ fault: 'rate_limited', call: 'submit' }]);
    const info = await failure(rc.submit(FLUX, { prompt: 'x' }));
    expect(info).toMatchObject({ class: 'rate_limited', httpStatus: 429, retryAfterMs: 1000, retrySafe: true, mayHaveStarted: false });
    // The rule was used once: the next submit goes through.
    expect((await rc.submit(FLUX, { prompt: 'x' })).jobId).toBeTruthy();
  });

  it('concurrency_limit on RunComfy behaves as rate limiting', async () => {
    sim.simulator.setFaults([{ fault: 'concurrency_limit', call: 'submit' }]);
    expect(await failure(rc.submit(FLUX, { prompt: 'x' }))).toMatchObject({ class: 'rate_limited', retrySafe: true });
  });

  it('drop_after_accept: the job exists but the answer is lost → may have started, exactly one submit', async () => {
    sim.simulator.setFaults([{ fault: 'drop_after_accept', call: 'submit' }]);
    const info = await failure(rc.submit(FLUX, { prompt: 'x' }));
    expect(info).toMatchObject({ class: 'transient', mayHaveStarted: true, retrySafe: false });
    const submits = providerCalls(sim, 'submit');
    expect(submits).toHaveLength(1);
    expect(submits[0]).toMatchObject({ status: 'dropped' });
    expect(submits[0]!.jobId).toBeTruthy();
  });

  it('error_in_200 on a poll: an error despite HTTP 200, safe to repeat', async () => {
    const { jobId } = await rc.submit(FLUX, { prompt: 'x' });
    sim.simulator.setFaults([{ fault: 'error_in_200', call: 'status' }]);
    const info = await failure(rc.status(jobId));
    expect(info).toMatchObject({ call: 'status', httpStatus: 200, code: '500001', class: 'transient', retrySafe: true });
    expect((await rc.status(jobId)).jobId).toBe(jobId);
  });

  it('error_in_200 on submit is never repeated automatically', async () => {
    sim.simulator.setFaults([{ fault: 'error_in_200', call: 'submit' }]);
    expect(await failure(rc.submit(FLUX, { prompt: 'x' }))).toMatchObject({ httpStatus: 200, retrySafe: false });
  });

  it('auth, insufficient_balance and invalid_input are classed and never retried', async () => {
    sim.simulator.setFaults([{ fault: 'auth', call: 'submit' }]);
    expect(await failure(rc.submit(FLUX, { prompt: 'x' }))).toMatchObject({ class: 'auth', code: '400004', retrySafe: false, mayHaveStarted: false });
    sim.simulator.setFaults([{ fault: 'insufficient_balance', call: 'submit' }]);
    expect(await failure(rc.submit(FLUX, { prompt: 'x' }))).toMatchObject({ class: 'balance', code: '400002', retrySafe: false });
    sim.simulator.setFaults([{ fault: 'invalid_input', call: 'submit' }]);
    expect(await failure(rc.submit(FLUX, { prompt: 'x' }))).toMatchObject({ class: 'invalid_input', retrySafe: false, mayHaveStarted: false });
  });

  it('a missing required input of a known model is the provider’s 422', async () => {
    const info = await failure(rc.submit(VEO, { resolution: '720p' }));
    expect(info).toMatchObject({ class: 'invalid_input', httpStatus: 422 });
    expect(info.providerMessage).toMatch(/prompt|image_urls/);
  });

  it('a wrong key is an auth error; another key cannot see the job', async () => {
    const bad = createRunComfy({ baseUrl: sim.url, apiKey: 'invalid' });
    expect(await failure(bad.submit(FLUX, { prompt: 'x' }))).toMatchObject({ class: 'auth', httpStatus: 401 });
    const { jobId } = await rc.submit(FLUX, { prompt: 'x' });
    const other = createRunComfy({ baseUrl: sim.url, apiKey: 'sk-someone-else-entirely' });
    expect(await failure(other.status(jobId))).toMatchObject({ class: 'auth', code: '403001' });
  });
});

describe('RunComfy job faults', () => {
  it('moderation: the job fails and the result says why, classed as moderation', async () => {
    sim.simulator.setFaults([{ fault: 'moderation', call: 'submit' }]);
    const { jobId } = await rc.submit(FLUX, { prompt: 'x' });
    expect((await pollToEnd(rc, jobId)).at(-1)?.state).toBe('failed');
    const result = await rc.result(jobId);
    expect(result.state).toBe('failed');
    expect(result.error).toMatchObject({ class: 'moderation', retrySafe: false });
    expect(result.outputs).toEqual([]);
  });

  it('a [sim:fail] marker in the prompt fails that job', async () => {
    const { jobId } = await rc.submit(FLUX, { prompt: 'a cat [sim:fail]' });
    await pollToEnd(rc, jobId);
    const result = await rc.result(jobId);
    expect(result.state).toBe('failed');
    expect(result.error?.message).toMatch(/failed/i);
  });

  it('unknown_status: unknown strings are reported as running (flagged), then it completes', async () => {
    sim.simulator.setFaults([{ fault: 'unknown_status', call: 'submit' }]);
    const { jobId } = await rc.submit(FLUX, { prompt: 'x' });
    const seen = await pollToEnd(rc, jobId);
    const odd = seen.filter((s) => s.unrecognisedStatus);
    expect(odd.length).toBeGreaterThan(0);
    expect(odd.every((s) => s.state === 'running')).toBe(true);
    expect(seen.at(-1)?.state).toBe('succeeded');
  });

  it('expired: a job the provider forgot is not_found, never done', async () => {
    sim.simulator.setFaults([{ fault: 'expired', call: 'submit' }]);
    const { jobId } = await rc.submit(FLUX, { prompt: 'x' });
    let info;
    for (let i = 0; i < 200 && !info; i++) {
      try {
        await rc.status(jobId);
        await new Promise((r) => setTimeout(r, 15));
      } catch (error) {
        info = await failure(Promise.reject(error));
      }
    }
    expect(info).toMatchObject({ class: 'not_found', code: '404001', call: 'status' });
    expect(await failure(rc.result(jobId))).toMatchObject({ class: 'not_found' });
  });
});

describe('RunComfy cancel', () => {
  it('cancels a queued job once; a finished one is not cancellable; an unknown one is not found', async () => {
    sim.simulator.configure({ timing: { queueMs: 5000, runMs: 80 } });
    try {
      const { jobId } = await rc.submit(FLUX, { prompt: 'x' });
      expect(await rc.cancel(jobId)).toMatchObject({ outcome: 'cancelled' });
      expect((await rc.status(jobId)).state).toBe('cancelled');
      expect(providerCalls(sim, 'cancel')[0]).toMatchObject({ method: 'POST', path: `/v1/requests/${jobId}/cancel` });
    } finally {
      sim.simulator.configure({ timing: { queueMs: 40, runMs: 80 } });
    }
    const done = await rc.submit(FLUX, { prompt: 'y' });
    await pollToEnd(rc, done.jobId);
    expect((await rc.cancel(done.jobId)).outcome).toMatch(/not_cancellable|finished/);
    expect((await rc.cancel('no-such-request')).outcome).toBe('not_found');
  });
});

describe('RunComfy inspection endpoint', () => {
  it('counts calls over HTTP without exposing the key', async () => {
    await rc.submit(FLUX, { prompt: 'x' });
    const res = await fetch(`${sim.url}/__sim/calls`);
    const text = await res.text();
    expect(text).not.toContain(KEY);
    const body = JSON.parse(text) as { counts: Record<string, number> };
    expect(body.counts['runcomfy.submit']).toBe(1);
  });
});
