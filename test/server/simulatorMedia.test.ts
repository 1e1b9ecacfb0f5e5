import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KEY, pngSize, startHarness, type SimHarness } from './simulatorSupport.ts';

/** RunningHub uploads (multipart, the 100 MiB cap), serving them back, and the standalone server's Host check. */

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

interface UploadAnswer {
  code: number;
  message: string;
  data: { type: string; download_url: string; fileName: string; size: number } | null;
}

function upload(body: FormData | Blob, key: string | null = KEY, contentType?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (key !== null) headers.Authorization = `Bearer ${key}`;
  if (contentType) headers['Content-Type'] = contentType;
  return fetch(`${h.url}/openapi/v2/media/upload/binary`, { method: 'POST', headers, body });
}

describe('RunningHub upload', () => {
  it('stores the file field and serves it back at download_url with its type', async () => {
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251));
    const form = new FormData();
    form.append('note', 'ignored');
    form.append('file', new Blob([bytes], { type: 'image/jpeg' }), 'photo 1.JPG');
    const res = await upload(form);
    const answer = (await res.json()) as UploadAnswer;
    expect(answer).toMatchObject({ code: 0, message: 'success', data: { type: 'image', size: 3000 } });
    expect(answer.data!.download_url).toMatch(new RegExp(`^${h.url}/sim-media/[A-Za-z0-9_-]+\\.jpg\\?Expires=\\d+&Signature=`));
    const back = await fetch(answer.data!.download_url);
    expect(back.status).toBe(200);
    expect(back.headers.get('content-type')).toBe('image/jpeg');
    expect(back.headers.get('content-security-policy')).toMatch(/sandbox/);
    expect(Buffer.from(await back.arrayBuffer()).equals(bytes)).toBe(true);
    const ranged = await fetch(answer.data!.download_url, { headers: { Range: 'bytes=-10' } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(bytes.subarray(-10))).toBe(true);
    const call = h.sim.simulator.calls().find((c) => c.call === 'upload');
    expect(call?.body).toEqual({ file: { name: 'photo 1.JPG', type: 'image/jpeg', size: 3000 } });
  });

  it('never serves an upload as a page: unknown types become octet-stream', async () => {
    const form = new FormData();
    form.append('file', new Blob(['<script>alert(1)</script>'], { type: 'text/html' }), 'x.html');
    const answer = (await (await upload(form)).json()) as UploadAnswer;
    expect(answer.data!.download_url).toMatch(/\.bin\?/);
    const back = await fetch(answer.data!.download_url);
    expect(back.headers.get('content-type')).toBe('application/octet-stream');
    expect(back.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers code 301 without a file field or without multipart', async () => {
    const form = new FormData();
    form.append('other', new Blob(['x']), 'x.png');
    expect(((await (await upload(form)).json()) as UploadAnswer).code).toBe(301);
    expect(((await (await upload(new Blob(['{}']), KEY, 'application/json')).json()) as UploadAnswer).code).toBe(301);
  });

  it('answers code 802 without a key, before reading the file', async () => {
    const form = new FormData();
    form.append('file', new Blob(['x']), 'x.png');
    expect(await (await upload(form, null)).json()).toMatchObject({ code: 802, data: null });
  });

  it('answers code 809 for a file over 100 MiB and stores nothing', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(100 * 1024 * 1024 + 1)], { type: 'video/mp4' }), 'big.mp4');
    const res = await upload(form);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ code: 809, data: null });
    // Far over the cap: refused from Content-Length without reading the body.
    const bigger = new FormData();
    bigger.append('file', new Blob([new Uint8Array(130 * 1024 * 1024)], { type: 'video/mp4' }), 'bigger.mp4');
    expect(await (await upload(bigger)).json()).toMatchObject({ code: 809 });
    const calls = h.sim.simulator.calls();
    expect(calls.map((c) => c.status)).toEqual([200, 200]);
    expect(calls[0]!.body).toEqual({ file: { name: 'big.mp4', type: 'video/mp4', size: 100 * 1024 * 1024 + 1 } });
    // 230 MiB through loopback: on a loaded machine this takes more than the default 5 s.
  }, 60_000);
});

describe('media', () => {
  it('answers 404 for unknown media and 405 for other methods', async () => {
    expect((await fetch(`${h.url}/sim-media/nothing.png`)).status).toBe(404);
    expect((await fetch(`${h.url}/sim-media/nothing.png`, { method: 'DELETE' })).status).toBe(405);
  });

  it('draws images at the width and height asked for (scaled to fit 1024)', async () => {
    const { body } = await h.callJson('/openapi/v2/some-model/text-to-image', { body: { prompt: 'tall', width: 720, height: 1280 } });
    h.tick(5000);
    const task = await h.callJson<{ results: { url: string; outputType: string }[] }>('/openapi/v2/query', { body: { taskId: body.taskId } });
    expect(task.body.results[0]!.outputType).toBe('png');
    const png = new Uint8Array(await (await fetch(task.body.results[0]!.url)).arrayBuffer());
    expect(pngSize(png)).toEqual({ width: 576, height: 1024 });
  });

  it('returns a GLB for 3D endpoints', async () => {
    const { body } = await h.callJson('/openapi/v2/meshy6/text-to-3d', { body: { prompt: 'a chair' } });
    h.tick(5000);
    const task = await h.callJson<{ results: { url: string; outputType: string }[] }>('/openapi/v2/query', { body: { taskId: body.taskId } });
    expect(task.body.results[0]!.outputType).toBe('glb');
    const glb = Buffer.from(await (await fetch(task.body.results[0]!.url)).arrayBuffer());
    expect(glb.toString('latin1', 0, 4)).toBe('glTF');
    expect(glb.readUInt32LE(8)).toBe(glb.length);
  });
});

describe('standalone server', () => {
  /** A raw request with a chosen Host header (fetch does not let a caller set Host). */
  function withHost(host: string): Promise<{ status: number; body: string }> {
    const { port } = h.sim;
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/__sim/calls', headers: { Host: host } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('refuses a foreign Host header with 421 and accepts loopback names', async () => {
    expect((await withHost('evil.example:80')).status).toBe(421);
    expect((await withHost(`localhost:${h.sim.port}`)).status).toBe(200);
  });

  it('hands out URLs on the Host the request used', async () => {
    const { port } = h.sim;
    const res = await fetch(`http://localhost:${port}/v1/models/google-deepmind/veo-3-1/reference-to-video`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ prompt: 'p', image_urls: ['u'] }),
    });
    expect(((await res.json()) as { status_url: string }).status_url).toMatch(new RegExp(`^http://localhost:${port}/v1/requests/`));
  });
});
