import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keyFingerprint } from '../../src/server/simulator/index.ts';
import { KEY, pngSize, startHarness, type SimHarness } from './simulatorSupport.ts';

/** The simulator over real HTTP on loopback: both providers' happy paths and the media they hand out. */

let h: SimHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.sim.close();
});
beforeEach(() => {
  h.sim.simulator.reset();
});

const VEO = 'google-deepmind/veo-3-1/reference-to-video';
const RH_VIDEO = 'rhart-video-v3.1-pro-official/reference-to-video';

describe('RunComfy', () => {
  it('moves a job from in_queue through in_progress to completed, with queue positions and a video output', async () => {
    const first = await h.callJson(`/v1/models/${VEO}`, { body: { prompt: 'a fox', image_urls: ['https://example.com/a.png'] } });
    expect(first.status).toBe(200);
    const second = await h.callJson(`/v1/models/${VEO}`, { body: { prompt: 'a wolf', image_urls: ['https://example.com/a.png'] } });
    const id = second.body.request_id as string;
    expect(second.body).toEqual({
      request_id: id,
      status: 'in_queue',
      status_url: `${h.url}/v1/requests/${id}/status`,
      result_url: `${h.url}/v1/requests/${id}/result`,
      cancel_url: `${h.url}/v1/requests/${id}/cancel`,
    });

    const queued = await h.callJson(`/v1/requests/${id}/status`);
    expect(queued.body).toMatchObject({ request_id: id, status: 'in_queue', queue_position: 1 });
    expect((await h.callJson(`/v1/requests/${id}/result`)).body).toEqual({ request_id: id, status: 'in_queue' });

    h.tick(1000);
    const running = await h.callJson(`/v1/requests/${id}/status`);
    expect(running.body.status).toBe('in_progress');
    expect(running.body).not.toHaveProperty('queue_position');

    h.tick(4000);
    expect((await h.callJson(`/v1/requests/${id}/status`)).body.status).toBe('completed');
    const result = await h.callJson<{ status: string; output: { video: string }; created_at: string; finished_at: string; cost?: number }>(`/v1/requests/${id}/result?include_cost=true`);
    expect(result.body.status).toBe('completed');
    expect(result.body.output.video).toMatch(new RegExp(`^${h.url}/sim-media/[A-Za-z0-9_-]+\\.mp4$`));
    expect(typeof result.body.cost).toBe('number');
    expect(Date.parse(result.body.finished_at) - Date.parse(result.body.created_at)).toBe(5000);
    expect((await h.callJson(`/v1/requests/${id}/result`)).body).not.toHaveProperty('cost');

    const video = await fetch(result.body.output.video);
    expect(video.status).toBe(200);
    expect(video.headers.get('content-type')).toBe('video/mp4');
    const bytes = Buffer.from(await video.arrayBuffer());
    expect(Number(video.headers.get('content-length'))).toBe(bytes.length);
    expect(bytes.toString('latin1', 4, 8)).toBe('ftyp');
  });

  it('serves Range requests of result media with 206 (and 416 past the end)', async () => {
    const { body } = await h.callJson(`/v1/models/${VEO}`, { body: { prompt: 'seek', image_urls: ['https://example.com/a.png'] } });
    h.tick(5000);
    const result = await h.callJson<{ output: { video: string } }>(`/v1/requests/${body.request_id as string}/result`);
    const whole = Buffer.from(await (await fetch(result.body.output.video)).arrayBuffer());
    const part = await fetch(result.body.output.video, { headers: { Range: 'bytes=4-11' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 4-11/${whole.length}`);
    expect(part.headers.get('content-length')).toBe('8');
    expect(Buffer.from(await part.arrayBuffer()).toString('latin1')).toBe('ftypisom'.slice(0, 8));
    const past = await fetch(result.body.output.video, { headers: { Range: `bytes=${whole.length}-` } });
    expect(past.status).toBe(416);
    const head = await fetch(result.body.output.video, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(whole.length));
  });

  it('draws a PNG per requested image, sized from the size preset, showing the prompt', async () => {
    const { body } = await h.callJson('/v1/models/wan-ai/wan-2.7/text-to-image', { body: { prompt: 'two red cubes', max_images: 2, image_size: 'landscape_16_9' } });
    h.tick(5000);
    const result = await h.callJson<{ output: { images: string[] } }>(`/v1/requests/${body.request_id as string}/result`);
    expect(result.body.output.images).toHaveLength(2);
    const res = await fetch(result.body.output.images[0]!);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    expect(pngSize(png)).toEqual({ width: 512, height: 288 });
    // The IDAT inflates to exactly height rows of (1 filter byte + width RGB pixels).
    const idatLength = png.readUInt32BE(33);
    expect(png.toString('latin1', 37, 41)).toBe('IDAT');
    expect(inflateSync(png.subarray(41, 41 + idatLength)).length).toBe(288 * (1 + 512 * 3));
  });

  it('answers a single image for an unknown image model and guesses audio from the id', async () => {
    const img = await h.callJson('/v1/models/someone/new-model', { body: { prompt: 'x' } });
    const audio = await h.callJson('/v1/models/someone/text-to-speech', { body: { text: 'hello' } });
    h.tick(5000);
    const imgResult = await h.callJson<{ output: Record<string, string> }>(`/v1/requests/${img.body.request_id as string}/result`);
    expect(Object.keys(imgResult.body.output)).toEqual(['image']);
    const audioResult = await h.callJson<{ output: Record<string, string> }>(`/v1/requests/${audio.body.request_id as string}/result`);
    const mp3 = await fetch(audioResult.body.output.audio!);
    expect(mp3.headers.get('content-type')).toBe('audio/mpeg');
  });

  it('checks the body and the required inputs of known models', async () => {
    const notObject = await h.callJson(`/v1/models/${VEO}`, { body: [1, 2] });
    expect(notObject.status).toBe(400);
    expect(notObject.body.error_code).toBe(400000);
    const broken = await h.callJson(`/v1/models/${VEO}`, { body: '{"prompt":' });
    expect(broken.status).toBe(400);
    const missing = await h.callJson(`/v1/models/${VEO}`, { body: { image_urls: ['https://example.com/a.png'] } });
    expect(missing.status).toBe(422);
    expect(missing.body).toEqual({ error_code: 422001, error_message: 'prompt: field required' });
  });

  it('cancels only queued requests', async () => {
    const a = await h.callJson(`/v1/models/${VEO}`, { body: { prompt: 'a', image_urls: ['u'] } });
    const id = a.body.request_id as string;
    const cancelled = await h.callJson(`/v1/requests/${id}/cancel`, { method: 'POST' });
    expect(cancelled.body).toEqual({ request_id: id, status: 'cancelled', outcome: 'cancelled' });
    h.tick(10_000);
    expect((await h.callJson(`/v1/requests/${id}/status`)).body.status).toBe('cancelled');
    expect((await h.callJson(`/v1/requests/${id}/result`)).body).toMatchObject({ status: 'cancelled', output: null });

    const b = await h.callJson(`/v1/models/${VEO}`, { body: { prompt: 'b', image_urls: ['u'] } });
    const bid = b.body.request_id as string;
    h.tick(1500);
    expect((await h.callJson(`/v1/requests/${bid}/cancel`, { method: 'POST' })).body).toEqual({ request_id: bid, status: 'in_progress', outcome: 'not_cancellable' });
    h.tick(5000);
    expect((await h.callJson(`/v1/requests/${bid}/cancel`, { method: 'POST' })).body).toMatchObject({ status: 'completed', outcome: 'not_cancellable' });
  });

  it('refuses missing and invalid keys, and another key’s requests', async () => {
    const none = await h.callJson(`/v1/models/${VEO}`, { body: { prompt: 'a', image_urls: ['u'] }, key: null });
    expect(none.status).toBe(401);
    expect(none.body.error_code).toBe(400004);
    expect((await h.callJson(`/v1/models/${VEO}`, { body: { prompt: 'a', image_urls: ['u'] }, key: 'invalid' })).status).toBe(401);
    const mine = await h.callJson(`/v1/models/${VEO}`, { body: { prompt: 'a', image_urls: ['u'] } });
    const theirs = await h.callJson(`/v1/requests/${mine.body.request_id as string}/status`, { key: 'someone-else' });
    expect(theirs.status).toBe(403);
    expect(theirs.body.error_code).toBe(403001);
    const unknown = await h.callJson('/v1/requests/nope/status');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error_code).toBe(404001);
  });

  it('lists the RunComfy catalog from nodes/ with paging and schemas', async () => {
    const page = await h.callJson<{ models: { model_id: string; input_schema?: unknown; base_price_usd: number }[]; total: number }>('/v1/models?include_schema=true&limit=5&offset=0');
    expect(page.status).toBe(200);
    expect(page.body.total).toBeGreaterThan(100);
    expect(page.body.models).toHaveLength(5);
    expect(page.body.models[0]!.input_schema).toBeTruthy();
    const bare = await h.callJson<{ models: { input_schema?: unknown }[] }>('/v1/models?limit=1');
    expect(bare.body.models[0]).not.toHaveProperty('input_schema');
    const one = await h.callJson(`/v1/models/${VEO}`);
    expect(one.body).toMatchObject({ model_id: VEO, display_name: 'Veo 3.1 reference to video' });
    expect((await h.callJson('/v1/models/no/such-model')).body.error_code).toBe(400001);
  });
});

describe('RunningHub', () => {
  interface Task {
    taskId: string;
    status: string;
    errorCode: string;
    errorMessage: string;
    results: { url: string | null; outputType: string; text: string | null }[] | null;
    usage: Record<string, string> | null;
  }

  it('submits, queries through QUEUED/RUNNING/SUCCESS and hands out a signed video URL; taskId stays a 19-digit string', async () => {
    const res = await h.call(`/openapi/v2/${RH_VIDEO}`, { body: { prompt: 'a knight', imageUrls: ['https://example.com/a.png'] } });
    const raw = await res.text();
    expect(raw).toMatch(/"taskId":"\d{19}"/);
    const task = JSON.parse(raw) as Task;
    expect(BigInt(task.taskId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(task).toEqual({ taskId: task.taskId, status: 'QUEUED', errorCode: '', errorMessage: '', results: null, clientId: expect.any(String), promptTips: '', failedReason: null, usage: null });

    const query = () => h.callJson<Task>('/openapi/v2/query', { body: { taskId: task.taskId } });
    h.tick(1000);
    expect((await query()).body.status).toBe('RUNNING');
    h.tick(4000);
    const done = await query();
    expect(done.body.status).toBe('SUCCESS');
    expect(done.body.errorCode).toBe('');
    const [first] = done.body.results!;
    expect(first).toMatchObject({ outputType: 'mp4', text: null });
    expect(first!.url).toMatch(/\/sim-media\/[A-Za-z0-9_-]+\.mp4\?Expires=\d+&Signature=[0-9a-f]+$/);
    expect(Object.values(done.body.usage!).every((v) => typeof v === 'string')).toBe(true);
    const video = await fetch(first!.url!);
    expect(Buffer.from(await video.arrayBuffer()).toString('latin1', 4, 8)).toBe('ftyp');
  });

  it('answers text results with url null', async () => {
    const { body } = await h.callJson<Task>('/openapi/v2/some-llm/chat', { body: { prompt: 'hi' } });
    h.tick(5000);
    const done = await h.callJson<Task>('/openapi/v2/query', { body: { taskId: body.taskId } });
    expect(done.body.results).toEqual([{ url: null, outputType: 'text', text: expect.stringContaining('hi'), nodeId: '9' }]);
  });

  it('refuses a fourth unfinished task with errorCode 421 and no task, per key', async () => {
    for (let i = 0; i < 3; i++) expect((await h.callJson<Task>(`/openapi/v2/${RH_VIDEO}`, { body: { prompt: `p${i}` } })).body.status).toBe('QUEUED');
    const refused = await h.call(`/openapi/v2/${RH_VIDEO}`, { body: { prompt: 'p3' } });
    expect(refused.status).toBe(200);
    expect(await refused.json()).toMatchObject({ taskId: '', errorCode: '421' });
    expect((await h.callJson<Task>(`/openapi/v2/${RH_VIDEO}`, { body: { prompt: 'other key' }, key: 'another-key' })).body.errorCode).toBe('');
    const account = await h.callJson<{ code: number; data: Record<string, string> }>('/uc/openapi/accountStatus', { body: { apikey: KEY }, key: null });
    expect(account.body.code).toBe(0);
    expect(account.body.data.currentTaskCounts).toBe('3');
    h.tick(5000);
    expect((await h.callJson<Task>(`/openapi/v2/${RH_VIDEO}`, { body: { prompt: 'later' } })).body.errorCode).toBe('');
  });

  it('cancels queued and running tasks; 807 unknown, 817 finished', async () => {
    const cancel = (taskId: string) => h.callJson<{ code: number; msg: string; data: null }>('/task/openapi/cancel', { body: { apiKey: KEY, taskId }, key: null });
    const a = (await h.callJson<Task>(`/openapi/v2/${RH_VIDEO}`, { body: { prompt: 'a' } })).body.taskId;
    expect((await cancel(a)).body).toEqual({ code: 0, msg: 'success', data: null });
    expect((await h.callJson<Task>('/openapi/v2/query', { body: { taskId: a } })).body.status).toBe('CANCEL');
    expect((await cancel(a)).body.code).toBe(817);
    const b = (await h.callJson<Task>(`/openapi/v2/${RH_VIDEO}`, { body: { prompt: 'b' } })).body.taskId;
    h.tick(2000);
    expect((await cancel(b)).body.code).toBe(0);
    const c = (await h.callJson<Task>(`/openapi/v2/${RH_VIDEO}`, { body: { prompt: 'c' } })).body.taskId;
    h.tick(6000);
    expect((await cancel(c)).body.code).toBe(817);
    expect((await cancel('1234567890123456789')).body.code).toBe(807);
  });

  it('refuses a missing or invalid key with code 802 in HTTP 200, in each shape', async () => {
    const submit = await h.callJson<Task>(`/openapi/v2/${RH_VIDEO}`, { body: { prompt: 'a' }, key: null });
    expect(submit.status).toBe(200);
    expect(submit.body).toMatchObject({ errorCode: '802', taskId: '' });
    const cancel = await h.callJson('/task/openapi/cancel', { body: { apiKey: 'invalid', taskId: '1' }, key: null });
    expect(cancel.body).toMatchObject({ code: 802 });
    const account = await h.callJson('/uc/openapi/accountStatus', { body: {}, key: null });
    expect(account.body).toMatchObject({ code: 802 });
  });

  it('reads the key of v1 calls from Authorization first, else the body, and records neither', async () => {
    const { body } = await h.callJson<Task>(`/openapi/v2/${RH_VIDEO}`, { body: { prompt: 'a' } });
    const viaHeader = await h.callJson('/task/openapi/cancel', { body: { apiKey: 'placeholder-body-key', taskId: body.taskId } });
    expect(viaHeader.body).toMatchObject({ code: 0 });
    const again = await h.callJson('/task/openapi/cancel', { body: { apiKey: KEY, taskId: body.taskId }, key: null });
    expect(again.body).toMatchObject({ code: 817 });
    const text = JSON.stringify(h.sim.simulator.calls());
    expect(text).not.toContain('placeholder-body-key');
    expect(text).not.toContain(KEY);
  });

  it('answers errorCode 1004 for unknown or foreign task ids', async () => {
    const { body } = await h.callJson<Task>(`/openapi/v2/${RH_VIDEO}`, { body: { prompt: 'a' } });
    expect((await h.callJson<Task>('/openapi/v2/query', { body: { taskId: body.taskId }, key: 'someone-else' })).body.errorCode).toBe('1004');
    expect((await h.callJson<Task>('/openapi/v2/query', { body: { taskId: '1111111111111111111' } })).body).toMatchObject({ errorCode: '1004', taskId: '1111111111111111111' });
  });
});

describe('routing and inspection', () => {
  it('answers unknown paths with 404 JSON and wrong methods with 405', async () => {
    const missing = await h.call('/v2/nothing');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/application\/json/);
    const wrong = await h.call('/openapi/v2/query');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect((await h.call('/v1/requests/x/cancel')).status).toBe(405);
  });

  it('counts calls and never shows a key, only fingerprints', async () => {
    await h.callJson(`/v1/models/${VEO}`, { body: { prompt: 'count me', image_urls: ['u'] } });
    await h.callJson('/task/openapi/cancel', { body: { apiKey: KEY, taskId: '1' }, key: null });
    await h.callJson('/uc/openapi/accountStatus', { body: { apikey: KEY }, headers: { 'X-Weft-Api-Key': KEY } });
    const res = await fetch(`${h.url}/__sim/calls`);
    const text = await res.text();
    expect(text).not.toContain(KEY);
    const { calls, counts } = JSON.parse(text) as { calls: { call: string; auth: { fingerprint: string }; body: Record<string, unknown>; headers: Record<string, string> }[]; counts: Record<string, number> };
    expect(counts).toEqual({ 'runcomfy.submit': 1, 'runninghub.cancel': 1, 'runninghub.account': 1 });
    expect(calls.map((c) => c.auth.fingerprint)).toEqual([keyFingerprint(KEY), keyFingerprint(KEY), keyFingerprint(KEY)]);
    expect(calls[1]!.body.apiKey).toBe(`[key ${keyFingerprint(KEY)}]`);
    expect(calls[0]!.headers).not.toHaveProperty('authorization');
    expect(h.sim.simulator.calls()).toHaveLength(3);
  });

  it('records long strings (data URIs) shortened, GET bodies as null, and still draws the prompt', async () => {
    const dataUri = `data:image/png;base64,${'A'.repeat(200_000)}`;
    const { body } = await h.callJson('/v1/models/someone/image-edit', { body: { prompt: 'edit me', image: dataUri } });
    await h.callJson(`/v1/requests/${body.request_id as string}/status`);
    const [submit, status] = h.sim.simulator.calls();
    expect((submit!.body as { image: string }).image).toMatch(/^data:image\/png;base64,A+… \[200022 chars\]$/);
    expect(status!.body).toBeNull();
    h.tick(5000);
    const result = await h.callJson<{ output: { image: string } }>(`/v1/requests/${body.request_id as string}/result`);
    expect((await fetch(result.body.output.image)).headers.get('content-type')).toBe('image/png');
  });

  it('forgets calls and jobs on POST /__sim/reset', async () => {
    const { body } = await h.callJson(`/v1/models/${VEO}`, { body: { prompt: 'a', image_urls: ['u'] } });
    expect((await fetch(`${h.url}/__sim/reset`, { method: 'POST' })).status).toBe(200);
    expect((await h.callJson(`/v1/requests/${body.request_id as string}/status`)).status).toBe(404);
    const { calls } = (await (await fetch(`${h.url}/__sim/calls`)).json()) as { calls: unknown[] };
    expect(calls).toHaveLength(1);
  });
});
