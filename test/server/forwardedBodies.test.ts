import { request } from 'node:http';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveApi, type LiveApi } from './liveApi.ts';

/**
 * The local server never hands the page a key, whatever the provider's answer is dressed as (issue 19:
 * the key came through inside an `application/octet-stream` error body). Every body is decoded,
 * redacted and re-sent with its real length; one the server cannot check is not passed on.
 */

const ENV_KEY = 'sk-forward-env-1a2b3c4d5e6f';
const PAGE_KEY = 'sk-forward-page-6f5e4d3c2b1a';

let live: LiveApi;
let apiPort = 0;
const lines: string[] = [];
let answer: (auth: string) => { type: string; body: Buffer; encoding?: string } = () => ({ type: 'application/json', body: Buffer.from('{}') });

beforeAll(async () => {
  live = await startLiveApi({
    key: ENV_KEY,
    log: (l) => lines.push(l),
    upstream: (req, res) => {
      req.resume();
      const a = answer(req.headers.authorization ?? '');
      res.writeHead(400, { 'Content-Type': a.type, ...(a.encoding ? { 'Content-Encoding': a.encoding } : {}) });
      res.end(a.body);
    },
  });
  apiPort = live.port;
});
afterAll(() => live.close());

function get(pageKey?: string): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: apiPort, path: '/api/runcomfy/v1/requests/r1/status', headers: { Host: `127.0.0.1:${apiPort}`, ...(pageKey ? { 'X-Weft-Api-Key': pageKey } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const echo = (auth: string) => `error: upstream rejected ${auth} (key ${auth.slice(7)})`;

describe('every content type is scrubbed', () => {
  const types = ['application/octet-stream', 'image/png', 'text/html', 'application/pdf', 'video/mp4', 'application/x-unknown', ''];
  for (const type of types) {
    for (const key of [undefined, PAGE_KEY]) {
      it(`${type || 'no content type'} with the ${key ? 'page' : 'environment'} key`, async () => {
        answer = (auth) => ({ type, body: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00]), Buffer.from(echo(auth)), Buffer.from([0xfe, 0x01])]) });
        const r = await get(key);
        expect(r.status).toBe(400);
        const text = r.body.toString('latin1');
        expect(text).not.toContain(key ?? ENV_KEY);
        expect(text).toContain('[redacted]');
        // The bytes around it are passed on unchanged, and the length is the real one.
        expect([...r.body.subarray(0, 6)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00]);
        expect([...r.body.subarray(-2)]).toEqual([0xfe, 0x01]);
        expect(r.headers['content-length']).toBe(String(r.body.length));
      });
    }
  }

  it('gzip and brotli bodies of any type are decoded first', async () => {
    for (const [encoding, pack] of [['gzip', gzipSync], ['br', brotliCompressSync]] as const) {
      answer = (auth) => ({ type: 'application/octet-stream', body: pack(Buffer.from(echo(auth))), encoding });
      const r = await get();
      expect(r.body.toString('utf8')).toBe('error: upstream rejected Bearer [redacted] (key [redacted])');
      expect(r.headers['content-encoding']).toBeUndefined();
    }
  });

  it('an encoding the server cannot check is not passed on (502 bad-answer: the provider did answer)', async () => {
    answer = (auth) => ({ type: 'application/octet-stream', body: Buffer.from(echo(auth)), encoding: 'zstd' });
    const r = await get();
    expect(r.status).toBe(502);
    expect(r.headers['x-weft-proxy-error']).toBe('bad-answer');
    expect(r.body.toString()).not.toContain(ENV_KEY);
  });

  it('no log line holds either key', () => {
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).not.toContain(ENV_KEY);
      expect(line).not.toContain(PAGE_KEY);
    }
  });
});
