import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRunningHub } from '../../src/providers/runninghub.ts';
import type { Provider } from '../../src/core/providers/types.ts';
import { FINGERPRINT, KEY, PNG_1X1, failure, isMp4, isPng, pollToEnd, providerCalls, startSim, type RunningSim } from './contractSupport.ts';

/**
 * The RunningHub adapter against the simulator over real HTTP on loopback: what the provider saw (paths,
 * headers, bodies) and what Weft reported, for the happy path and every fault.
 */

const VEO = 'rhart-video-v3.1-pro-official/reference-to-video';
const SEEDREAM = 'seedream-v4/text-to-image';
const TEXT = 'rhart-text-g-25-flash/text-to-text';

let sim: RunningSim;
let rh: Provider;

beforeAll(async () => {
  sim = await startSim();
  rh = createRunningHub({ baseUrl: sim.url, apiKey: KEY });
});
afterAll(() => sim.close());
beforeEach(() => sim.simulator.reset());

describe('RunningHub happy path', () => {
  it('uploads a local image, submits once, polls to SUCCESS, reads results, cost and a 19-digit task id', async () => {
    const url = await rh.mediaInput({ bytes: PNG_1X1, mimeType: 'image/png', name: 'ref.png' });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const upload = providerCalls(sim, 'upload')[0]!;
    expect(upload).toMatchObject({ method: 'POST', path: '/openapi/v2/media/upload/binary', auth: { present: true, fingerprint: FINGERPRINT } });
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload.body).toMatchObject({ file: { name: 'ref.png', type: 'image/png', size: PNG_1X1.byteLength } });
    // The uploaded file is served back at its download URL.
    expect(isPng(new Uint8Array(await (await fetch(url)).arrayBuffer()))).toBe(true);

    const input = { prompt: 'three friends on a beach', imageUrls: [url], resolution: '1080p', generateAudio: false };
    const submitted = await rh.submit(VEO, input);
    expect(submitted.jobId).toMatch(/^\d{19}$/);
    expect(BigInt(submitted.jobId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(submitted.status.state).toBe('queued');

    const seen = await pollToEnd(rh, submitted.jobId);
    const last = seen.at(-1)!;
    expect(last.state).toBe('succeeded');
    expect(last.outputs?.[0]).toMatchObject({ kind: 'video', ext: 'mp4' });

    const result = await rh.result(submitted.jobId);
    expect(result.outputs[0]?.kind).toBe('video');
    expect(result.cost?.amount).toBeGreaterThan(0);
    expect(isMp4((await rh.download(result.outputs[0]!.url!)).bytes)).toBe(true);

    const submit = providerCalls(sim, 'submit');
    expect(submit).toHaveLength(1);
    expect(submit[0]).toMatchObject({ method: 'POST', path: `/openapi/v2/${VEO}`, auth: { fingerprint: FINGERPRINT }, body: input });
    const queries = providerCalls(sim, 'status');
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.every((q) => q.path === '/openapi/v2/query' && (q.body as { taskId: string }).taskId === submitted.jobId)).toBe(true);
    expect(JSON.stringify(sim.simulator.calls())).not.toContain(KEY);
  });

  it('a text endpoint returns its text, not a URL', async () => {
    const { jobId } = await rh.submit(TEXT, { prompt: 'say hi' });
    await pollToEnd(rh, jobId);
    const result = await rh.result(jobId);
    expect(result.outputs[0]).toMatchObject({ kind: 'text' });
    expect(result.outputs[0]!.text).toBeTypeOf('string');
    expect(result.outputs[0]!.url).toBeUndefined();
  });

  it('an image endpoint asked for several images returns several PNGs', async () => {
    const { jobId } = await rh.submit(SEEDREAM, { prompt: 'tiles', maxImages: 2 });
    await pollToEnd(rh, jobId);
    const result = await rh.result(jobId);
    expect(result.outputs.length).toBeGreaterThanOrEqual(1);
    expect(result.outputs.every((o) => o.kind === 'image')).toBe(true);
    expect(isPng((await rh.download(result.outputs[0]!.url!)).bytes)).toBe(true);
  });

  it('submit_success: the submit answer is already SUCCESS with results', async () => {
    sim.simulator.setFaults([{ fault: 'submit_success', call: 'submit' }]);
    const answer = await rh.submit(SEEDREAM, { prompt: 'instant' });
    expect(answer.status.state).toBe('succeeded');
    expect(answer.status.outputs?.[0]?.kind).toBe('image');
  });

  it('reports the account', async () => {
    const account = await rh.account!();
    expect(account.balance).toBeTypeOf('number');
    const call = providerCalls(sim, 'account')[0]!;
    expect(call).toMatchObject({ method: 'POST', path: '/uc/openapi/accountStatus' });
    expect(JSON.stringify(call.body)).toContain(`[key ${FINGERPRINT}]`);
  });
});

describe('RunningHub call faults', () => {
  it('421 concurrency limit (a rule): not started, safe to retry', async () => {
    sim.simulator.setFaults([{ fault: 'concurrency_limit', call: 'submit' }]);
    const info = await failure(rh.submit(SEEDREAM, { prompt: 'x' }));
    expect(info).toMatchObject({ class: 'rate_limited', code: '421', httpStatus: 200, retrySafe: true, mayHaveStarted: false });
  });

  it('421 for real: more unfinished tasks than the key may run', async () => {
    sim.simulator.configure({ concurrency: 2, timing: { queueMs: 5000, runMs: 80 } });
    try {
      await rh.submit(SEEDREAM, { prompt: '1' });
      await rh.submit(SEEDREAM, { prompt: '2' });
      expect(await failure(rh.submit(SEEDREAM, { prompt: '3' }))).toMatchObject({ code: '421', retrySafe: true });
    } finally {
      sim.simulator.configure({ concurrency: 3, timing: { queueMs: 40, runMs: 80 } });
    }
  });

  it('429 with Retry-After', async () => {
    sim.simulator.setFaults([{ fault: 'rate_limited', call: 'submit' }]);
    expect(await failure(rh.submit(SEEDREAM, { prompt: 'x' }))).toMatchObject({ class: 'rate_limited', httpStatus: 429, retryAfterMs: 1000, retrySafe: true });
  });

  it('server_error on submit may have started; on a query it is safe to repeat', async () => {
    sim.simulator.setFaults([{ fault: 'server_error', call: 'submit' }]);
    expect(await failure(rh.submit(SEEDREAM, { prompt: 'x' }))).toMatchObject({ class: 'transient', mayHaveStarted: true, retrySafe: false });
    const { jobId } = await rh.submit(SEEDREAM, { prompt: 'x' });
    sim.simulator.setFaults([{ fault: 'server_error', call: 'status' }]);
    expect(await failure(rh.status(jobId))).toMatchObject({ class: 'transient', retrySafe: true });
  });

  it('drop_after_accept: one submit, the task exists, Weft reports it may have started', async () => {
    sim.simulator.setFaults([{ fault: 'drop_after_accept', call: 'submit' }]);
    expect(await failure(rh.submit(SEEDREAM, { prompt: 'x' }))).toMatchObject({ mayHaveStarted: true, retrySafe: false });
    const submits = providerCalls(sim, 'submit');
    expect(submits).toHaveLength(1);
    expect(submits[0]!.status).toBe('dropped');
  });

  it('error_in_200: an error code in an HTTP-200 body is an error, whatever the status says', async () => {
    sim.simulator.setFaults([{ fault: 'error_in_200', call: 'submit' }]);
    const info = await failure(rh.submit(SEEDREAM, { prompt: 'x' }));
    // 1005 "busy" is not a documented refusal: the submit may have started, and is never repeated.
    expect(info).toMatchObject({ httpStatus: 200, code: '1005', retrySafe: false, mayHaveStarted: true });
    expect(info.code).toBeTruthy();
    const { jobId } = await rh.submit(SEEDREAM, { prompt: 'x' });
    sim.simulator.setFaults([{ fault: 'error_in_200', call: 'status' }]);
    expect(await failure(rh.status(jobId))).toMatchObject({ call: 'status', httpStatus: 200, retrySafe: true });
  });

  it('auth, balance and invalid input come as codes in 200 bodies and are never retried', async () => {
    sim.simulator.setFaults([{ fault: 'auth', call: 'submit' }]);
    expect(await failure(rh.submit(SEEDREAM, { prompt: 'x' }))).toMatchObject({ class: 'auth', code: '802', retrySafe: false });
    sim.simulator.setFaults([{ fault: 'insufficient_balance', call: 'submit' }]);
    expect(await failure(rh.submit(SEEDREAM, { prompt: 'x' }))).toMatchObject({ class: 'balance', code: '812' });
    sim.simulator.setFaults([{ fault: 'invalid_input', call: 'submit' }]);
    expect(await failure(rh.submit(SEEDREAM, { prompt: 'x' }))).toMatchObject({ class: 'invalid_input', code: '1007' });
    const bad = createRunningHub({ baseUrl: sim.url, apiKey: 'invalid' });
    expect(await failure(bad.submit(SEEDREAM, { prompt: 'x' }))).toMatchObject({ class: 'auth' });
  });

  it('slow_upload: a short timeout fails the upload (safe to repeat); a patient one succeeds', async () => {
    sim.simulator.setFaults([{ fault: 'slow_upload', call: 'upload', times: null }]);
    const info = await failure(rh.upload!({ bytes: PNG_1X1, mimeType: 'image/png' }, { timeoutMs: 100 }));
    expect(info).toMatchObject({ call: 'upload', class: 'transient', retrySafe: true });
    expect(await rh.upload!({ bytes: PNG_1X1, mimeType: 'image/png' }, { timeoutMs: 5000 })).toMatch(/^http/);
  });
});

describe('RunningHub job faults', () => {
  it('moderation: FAILED with 1501, classed as moderation', async () => {
    sim.simulator.setFaults([{ fault: 'moderation', call: 'submit' }]);
    const { jobId } = await rh.submit(SEEDREAM, { prompt: 'x' });
    const last = (await pollToEnd(rh, jobId)).at(-1)!;
    expect(last).toMatchObject({ state: 'failed', error: { class: 'moderation', code: '1501', retrySafe: false } });
    expect((await rh.result(jobId)).error?.class).toBe('moderation');
  });

  it('a [sim:moderation] marker in the prompt does the same', async () => {
    const { jobId } = await rh.submit(SEEDREAM, { prompt: 'beach [sim:moderation]' });
    expect((await pollToEnd(rh, jobId)).at(-1)?.error?.class).toBe('moderation');
  });

  it('fail: a generic failure with the provider’s code and message', async () => {
    sim.simulator.setFaults([{ fault: 'fail', call: 'submit' }]);
    const { jobId } = await rh.submit(SEEDREAM, { prompt: 'x' });
    const last = (await pollToEnd(rh, jobId)).at(-1)!;
    expect(last.state).toBe('failed');
    expect(last.error?.code).toBeTruthy();
  });

  it('unknown_status: flagged, treated as running, then SUCCESS', async () => {
    sim.simulator.setFaults([{ fault: 'unknown_status', call: 'submit' }]);
    const { jobId } = await rh.submit(SEEDREAM, { prompt: 'x' });
    const seen = await pollToEnd(rh, jobId);
    expect(seen.some((s) => s.unrecognisedStatus && s.state === 'running')).toBe(true);
    expect(seen.at(-1)?.state).toBe('succeeded');
  });

  it('expired: the query answers not found (not done)', async () => {
    sim.simulator.setFaults([{ fault: 'expired', call: 'submit' }]);
    const { jobId } = await rh.submit(SEEDREAM, { prompt: 'x' });
    let info;
    for (let i = 0; i < 200 && !info; i++) {
      try {
        await rh.status(jobId);
        await new Promise((r) => setTimeout(r, 15));
      } catch (error) {
        info = await failure(Promise.reject(error));
      }
    }
    expect(info).toMatchObject({ class: 'not_found', code: '1004' });
  });
});

describe('RunningHub cancel', () => {
  it('cancels a queued task with the key in the body; finished → 817; unknown → 807', async () => {
    sim.simulator.configure({ timing: { queueMs: 5000, runMs: 80 } });
    try {
      const { jobId } = await rh.submit(SEEDREAM, { prompt: 'x' });
      expect(await rh.cancel(jobId)).toMatchObject({ outcome: 'cancelled' });
      expect((await rh.status(jobId)).state).toBe('cancelled');
      const call = providerCalls(sim, 'cancel')[0]!;
      expect(call).toMatchObject({ method: 'POST', path: '/task/openapi/cancel' });
      expect(call.body).toMatchObject({ taskId: jobId, apiKey: `[key ${FINGERPRINT}]` });
    } finally {
      sim.simulator.configure({ timing: { queueMs: 40, runMs: 80 } });
    }
    const done = await rh.submit(SEEDREAM, { prompt: 'y' });
    await pollToEnd(rh, done.jobId);
    expect((await rh.cancel(done.jobId)).outcome).toBe('finished');
    expect((await rh.cancel('1999999999999999999')).outcome).toBe('not_found');
  });
});
