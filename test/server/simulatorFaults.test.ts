import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAULT_NAMES, type FaultName } from '../../src/server/simulator/index.ts';
import { KEY, startHarness, type SimHarness } from './simulatorSupport.ts';

/** Every fault in the README's table, on each provider, chosen each of the three ways. */

let h: SimHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.sim.close();
});
beforeEach(() => {
  h.sim.simulator.reset();
  h.sim.simulator.configure({ retryAfterSeconds: 1, concurrency: 3, slowUploadMs: 1500 });
});

const VEO = 'google-deepmind/veo-3-1/reference-to-video';
const RH_VIDEO = 'rhart-video-v3.1-pro-official/reference-to-video';
const fault = (name: string) => ({ 'X-Weft-Sim-Fault': name });

const rcSubmit = (extra: { headers?: Record<string, string>; prompt?: string } = {}) =>
  h.callJson<Record<string, unknown>>(`/v1/models/${VEO}`, { body: { prompt: extra.prompt ?? 'p', image_urls: ['https://example.com/a.png'] }, ...(extra.headers ? { headers: extra.headers } : {}) });
const rhSubmit = (extra: { headers?: Record<string, string>; prompt?: string } = {}) =>
  h.callJson<Record<string, unknown>>(`/openapi/v2/${RH_VIDEO}`, { body: { prompt: extra.prompt ?? 'p', imageUrls: ['https://example.com/a.png'] }, ...(extra.headers ? { headers: extra.headers } : {}) });
const rcStatus = (id: string) => h.callJson<Record<string, unknown>>(`/v1/requests/${id}/status`);
const rcResult = (id: string) => h.callJson<Record<string, unknown>>(`/v1/requests/${id}/result`);
const rhQuery = (taskId: string) => h.callJson<Record<string, unknown>>('/openapi/v2/query', { body: { taskId } });

/** Jobs the simulator created so far (from the call log). */
const createdJobs = () => h.sim.simulator.calls().filter((c) => c.call === 'submit' && c.jobId).length;

describe('call faults (header)', () => {
  it('server_error: HTTP 500 and no job', async () => {
    const rc = await rcSubmit({ headers: fault('server_error') });
    expect(rc.status).toBe(500);
    const rh = await rhSubmit({ headers: fault('server_error') });
    expect(rh.status).toBe(500);
    expect(createdJobs()).toBe(0);
    expect(h.sim.simulator.calls().map((c) => c.fault)).toEqual(['server_error', 'server_error']);
  });

  it('rate_limited: HTTP 429 with Retry-After, no job', async () => {
    h.sim.simulator.configure({ retryAfterSeconds: 7 });
    const rc = await rcSubmit({ headers: fault('rate_limited') });
    expect(rc.status).toBe(429);
    expect(rc.res.headers.get('retry-after')).toBe('7');
    const rh = await rhSubmit({ headers: fault('rate_limited') });
    expect(rh.status).toBe(429);
    expect(rh.res.headers.get('retry-after')).toBe('7');
    const poll = await rhQuery('1');
    expect(poll.status).toBe(200);
    expect((await h.callJson('/openapi/v2/query', { body: { taskId: '1' }, headers: fault('rate_limited') })).status).toBe(429);
    expect(createdJobs()).toBe(0);
  });

  it('concurrency_limit: RunningHub errorCode 421 in HTTP 200, RunComfy 429; no job', async () => {
    const rh = await rhSubmit({ headers: fault('concurrency_limit') });
    expect(rh.status).toBe(200);
    expect(rh.body).toMatchObject({ errorCode: '421', taskId: '' });
    const rc = await rcSubmit({ headers: fault('concurrency_limit') });
    expect(rc.status).toBe(429);
    expect(rc.res.headers.get('retry-after')).toBe('1');
    expect(createdJobs()).toBe(0);
  });

  it('drop_after_accept: the job exists but the connection closes without an answer', async () => {
    await expect(rcSubmit({ headers: fault('drop_after_accept') })).rejects.toThrow();
    await expect(rhSubmit({ headers: fault('drop_after_accept') })).rejects.toThrow();
    const calls = h.sim.simulator.calls();
    expect(calls.map((c) => c.status)).toEqual(['dropped', 'dropped']);
    const [rc, rh] = calls;
    expect((await rcStatus(rc!.jobId!)).body.status).toBe('in_queue');
    expect((await rhQuery(rh!.jobId!)).body.status).toBe('QUEUED');
  });

  it('error_in_200: an error body with HTTP 200 in each dialect, nothing happens', async () => {
    const rc = await rcSubmit({ headers: fault('error_in_200') });
    expect(rc.status).toBe(200);
    expect(rc.body).toMatchObject({ error_code: 500001 });
    expect(rc.body).not.toHaveProperty('request_id');
    const rh = await rhSubmit({ headers: fault('error_in_200') });
    expect(rh.body).toMatchObject({ errorCode: '1005', taskId: '' });
    const cancel = await h.callJson('/task/openapi/cancel', { body: { apiKey: KEY, taskId: '1' }, headers: fault('error_in_200') });
    expect(cancel.body).toMatchObject({ code: 805 });
    expect(createdJobs()).toBe(0);
  });

  it('auth: the auth error even with a good key', async () => {
    const rc = await rcSubmit({ headers: fault('auth') });
    expect(rc.status).toBe(401);
    expect(rc.body.error_code).toBe(400004);
    expect((await rhSubmit({ headers: fault('auth') })).body).toMatchObject({ errorCode: '802' });
    expect((await h.callJson('/uc/openapi/accountStatus', { body: { apikey: KEY }, headers: fault('auth') })).body).toMatchObject({ code: 802 });
  });

  it('insufficient_balance: RunComfy 402/400002, RunningHub 812', async () => {
    const rc = await rcSubmit({ headers: fault('insufficient_balance') });
    expect(rc.status).toBe(402);
    expect(rc.body.error_code).toBe(400002);
    expect((await rhSubmit({ headers: fault('insufficient_balance') })).body).toMatchObject({ errorCode: '812', taskId: '' });
    expect(createdJobs()).toBe(0);
  });

  it('invalid_input: RunComfy 422/422001, RunningHub 1007', async () => {
    const rc = await rcSubmit({ headers: fault('invalid_input') });
    expect(rc.status).toBe(422);
    expect(rc.body.error_code).toBe(422001);
    expect((await rhSubmit({ headers: fault('invalid_input') })).body).toMatchObject({ errorCode: '1007' });
    expect(createdJobs()).toBe(0);
  });

  it('slow_upload: the upload answers only after slowUploadMs (cut short by close())', async () => {
    h.sim.simulator.configure({ slowUploadMs: 60_000 });
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('slow')], { type: 'image/png' }), 'slow.png');
    let answered = false;
    const upload = fetch(`${h.url}/openapi/v2/media/upload/binary`, { method: 'POST', headers: { Authorization: `Bearer ${KEY}`, ...fault('slow_upload') }, body: form }).then(async (r) => {
      answered = true;
      return (await r.json()) as { code: number };
    });
    // Other calls are answered while the upload waits.
    for (let i = 0; i < 5; i++) expect((await h.callJson('/uc/openapi/accountStatus', { body: { apikey: KEY } })).status).toBe(200);
    expect(answered).toBe(false);
    h.sim.simulator.close();
    expect((await upload).code).toBe(0);
    expect(h.sim.simulator.calls().find((c) => c.call === 'upload')?.fault).toBe('slow_upload');
  });

  it('ignores unknown names and faults that do not fit the call', async () => {
    expect((await rcSubmit({ headers: fault('no_such_fault, slow_upload') })).status).toBe(200);
    const { body } = await rcSubmit();
    expect((await h.callJson(`/v1/requests/${body.request_id as string}/status`, { headers: fault('moderation') })).status).toBe(200);
  });

  it('applies to media downloads when asked by header', async () => {
    const { body } = await rcSubmit();
    h.tick(5000);
    const result = await rcResult(body.request_id as string);
    const url = (result.body.output as { video: string }).video;
    expect((await fetch(url, { headers: fault('server_error') })).status).toBe(500);
    expect((await fetch(url)).status).toBe(200);
  });
});

describe('job faults', () => {
  it('moderation: RunComfy failed with 400010, RunningHub FAILED with 1501', async () => {
    const rc = await rcSubmit({ headers: fault('moderation') });
    const rh = await rhSubmit({ headers: fault('moderation') });
    h.tick(5000);
    expect((await rcStatus(rc.body.request_id as string)).body.status).toBe('failed');
    const result = await rcResult(rc.body.request_id as string);
    expect(result.body).toMatchObject({ status: 'failed', output: null, error: { error_code: 400010, error_message: expect.stringMatching(/^Content moderation/) } });
    const task = await rhQuery(rh.body.taskId as string);
    expect(task.body).toMatchObject({ status: 'FAILED', errorCode: '1501', results: null });
    expect(task.body.failedReason).toBeTruthy();
  });

  it('fail: a generic failure (RunningHub 805)', async () => {
    const rc = await rcSubmit({ headers: fault('fail') });
    const rh = await rhSubmit({ headers: fault('fail') });
    h.tick(5000);
    const result = await rcResult(rc.body.request_id as string);
    expect(result.body.status).toBe('failed');
    expect((result.body.error as { error_code: number }).error_code).not.toBe(400010);
    expect((await rhQuery(rh.body.taskId as string)).body).toMatchObject({ status: 'FAILED', errorCode: '805' });
  });

  it('unknown_status: made-up statuses while queued and running, then it finishes', async () => {
    const rc = await rcSubmit({ headers: fault('unknown_status') });
    const rh = await rhSubmit({ headers: fault('unknown_status') });
    const id = rc.body.request_id as string;
    const taskId = rh.body.taskId as string;
    expect(rc.body.status).toBe('preprocessing');
    expect(rh.body.status).toBe('WAITING_GPU');
    h.tick(1500);
    expect((await rcStatus(id)).body.status).toBe('preprocessing');
    expect((await rhQuery(taskId)).body.status).toBe('WAITING_GPU');
    h.tick(5000);
    expect((await rcStatus(id)).body.status).toBe('completed');
    expect((await rhQuery(taskId)).body.status).toBe('SUCCESS');
  });

  it('expired: once finished, the job is not found', async () => {
    const rc = await rcSubmit({ headers: fault('expired') });
    const rh = await rhSubmit({ headers: fault('expired') });
    const id = rc.body.request_id as string;
    expect((await rcStatus(id)).status).toBe(200);
    h.tick(5000);
    const status = await rcStatus(id);
    expect(status.status).toBe(404);
    expect(status.body.error_code).toBe(404001);
    expect((await rcResult(id)).status).toBe(404);
    expect((await rhQuery(rh.body.taskId as string)).body.errorCode).toBe('1004');
  });

  it('submit_success: the RunningHub submit answer is already SUCCESS with results', async () => {
    const rh = await rhSubmit({ headers: fault('submit_success') });
    expect(rh.body).toMatchObject({ status: 'SUCCESS', errorCode: '' });
    const results = rh.body.results as { url: string; outputType: string }[];
    expect(results[0]!.outputType).toBe('mp4');
    expect((await fetch(results[0]!.url)).status).toBe(200);
  });
});

describe('choosing faults', () => {
  it('[sim:name] markers in any string of a submit body shape the job or hit the submit', async () => {
    const moderated = await rcSubmit({ prompt: 'a cat [sim:moderation]' });
    h.tick(5000);
    expect((await rcStatus(moderated.body.request_id as string)).body.status).toBe('failed');
    expect((await rcSubmit({ prompt: 'boom [sim:server_error]' })).status).toBe(500);
    const nested = await h.callJson<Record<string, unknown>>(`/openapi/v2/${RH_VIDEO}`, { body: { prompt: 'x', extra: { notes: ['[sim:submit_success,unknown_status]'] } } });
    expect(nested.body.status).toBe('SUCCESS');
    expect(h.sim.simulator.calls().at(-1)!.fault).toBe('submit_success,unknown_status');
  });

  it('rules count down with times, and null means always', async () => {
    h.sim.simulator.setFaults([{ fault: 'server_error', provider: 'runcomfy', call: 'submit', times: 2 }]);
    expect((await rcSubmit()).status).toBe(500);
    expect((await rhSubmit()).status).toBe(200);
    expect((await rcSubmit()).status).toBe(500);
    expect((await rcSubmit()).status).toBe(200);

    h.sim.simulator.setFaults([{ fault: 'error_in_200', provider: 'runninghub', times: null }]);
    for (let i = 0; i < 3; i++) expect((await rhSubmit()).body.errorCode).toBe('1005');
  });

  it('a rule hits only calls it fits: a job-fault rule is not used up by polls', async () => {
    const first = await rcSubmit();
    h.sim.simulator.setFaults([{ fault: 'moderation' }]);
    await rcStatus(first.body.request_id as string);
    await rhQuery('1');
    const second = await rcSubmit();
    const third = await rcSubmit();
    h.tick(5000);
    expect((await rcStatus(second.body.request_id as string)).body.status).toBe('failed');
    expect((await rcStatus(third.body.request_id as string)).body.status).toBe('completed');
  });

  it('rules can name an endpoint and a call', async () => {
    h.sim.simulator.setFaults([
      { fault: 'invalid_input', endpoint: 'runcomfy/some/other-model', times: null },
      { fault: 'server_error', call: 'status', times: 1 },
    ]);
    expect((await rcSubmit()).status).toBe(200);
    expect((await h.callJson('/v1/models/some/other-model', { body: { prompt: 'x' } })).status).toBe(422);
    const { body } = await rcSubmit();
    expect((await rcStatus(body.request_id as string)).status).toBe(500);
    expect((await rcStatus(body.request_id as string)).status).toBe(200);
  });

  it('POST /__sim/faults sets rules, GET shows what is left, bad rules are refused', async () => {
    const set = await fetch(`${h.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ rules: [{ fault: 'rate_limited', times: 2 }] }) });
    expect(set.status).toBe(200);
    expect((await rcSubmit()).status).toBe(429);
    const left = (await (await fetch(`${h.url}/__sim/faults`)).json()) as { rules: { fault: string; times: number }[] };
    expect(left.rules).toEqual([{ fault: 'rate_limited', times: 1 }]);
    const bad = await fetch(`${h.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ rules: [{ fault: 'meteor_strike' }] }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/fault must be one of/);
    h.sim.simulator.reset();
    expect((await rcSubmit()).status).toBe(200);
  });

  it('options.faults configure rules at creation', async () => {
    const other = await startHarness({ faults: [{ fault: 'insufficient_balance', provider: 'runninghub' }] });
    try {
      const first = await other.callJson(`/openapi/v2/${RH_VIDEO}`, { body: { prompt: 'x' } });
      expect(first.body.errorCode).toBe('812');
      const second = await other.callJson(`/openapi/v2/${RH_VIDEO}`, { body: { prompt: 'x' } });
      expect(second.body.errorCode).toBe('');
    } finally {
      await other.sim.close();
    }
  });

  it('POST /__sim/config changes concurrency and Retry-After; bad values are refused', async () => {
    const ok = await fetch(`${h.url}/__sim/config`, { method: 'POST', body: JSON.stringify({ concurrency: 1, retryAfterSeconds: 3 }) });
    expect(await ok.json()).toMatchObject({ concurrency: 1, retryAfterSeconds: 3 });
    expect((await rhSubmit()).body.errorCode).toBe('');
    expect((await rhSubmit()).body.errorCode).toBe('421');
    expect((await rcSubmit({ headers: fault('rate_limited') })).res.headers.get('retry-after')).toBe('3');
    const bad = await fetch(`${h.url}/__sim/config`, { method: 'POST', body: JSON.stringify({ timing: 'glacial' }) });
    expect(bad.status).toBe(400);
  });

  it('covers every fault name in this file', () => {
    // A new fault in types.ts must get a test above.
    const tested: FaultName[] = ['server_error', 'rate_limited', 'concurrency_limit', 'drop_after_accept', 'error_in_200', 'auth', 'insufficient_balance', 'invalid_input', 'slow_upload', 'moderation', 'fail', 'unknown_status', 'expired', 'submit_success'];
    expect([...tested].sort()).toEqual([...FAULT_NAMES].sort());
  });
});

describe('real timing', () => {
  it('finishes a job on the clock with small delays', async () => {
    const timed = await startHarness({ now: Date.now, timing: { queueMs: 20, runMs: 40 } });
    try {
      const { body } = await timed.callJson(`/v1/models/${VEO}`, { body: { prompt: 'x', image_urls: ['u'] } });
      const seen = new Set<string>();
      for (let i = 0; i < 200 && !seen.has('completed'); i++) {
        seen.add((await timed.callJson(`/v1/requests/${body.request_id as string}/status`)).body.status as string);
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(seen.has('completed')).toBe(true);
    } finally {
      await timed.sim.close();
    }
  });
});
