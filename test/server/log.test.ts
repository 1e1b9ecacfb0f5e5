import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../src/server/api.ts';
import { startWeftServer, type RunningWeftServer } from '../../src/server/app.ts';
import { createSimulator } from '../../src/server/simulator/index.ts';
import { startLiveApi } from './liveApi.ts';

/**
 * The server's logs (issue 12 item 5), read the way a log collector reads them: every line is JSON;
 * each request is one line with time, level, request id, provider, path without query values, status
 * and duration; refusals carry their reason, failures their stack; no line ever holds a key.
 */

const ENV_KEY = 'sk-log-env-0a1b2c3d4e5f6a7b';
const PAGE_KEY = 'sk-log-page-7b6a5f4e3d2c1b0a';

type Line = Record<string, unknown>;

function fetchRaw(port: number, p: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: p, method: options.method ?? 'GET', headers: { Host: `127.0.0.1:${port}`, ...options.headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('API request lines', () => {
  let server: RunningWeftServer;
  let dir: string;
  const raw: string[] = [];
  const lines = (): Line[] => raw.map((l) => JSON.parse(l) as Line);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'weft-log-'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>app</title>');
    server = await startWeftServer({
      root: dir,
      port: 0,
      // RunComfy live (a dead upstream), RunningHub on the simulator.
      env: { RUNCOMFY_API_KEY: ENV_KEY, RUNCOMFY_BASE_URL: 'http://127.0.0.1:9', WEFT_LOG_LEVEL: 'debug' },
      simulator: () => createSimulator({ timing: 'fast' }),
      log: (line) => raw.push(line),
    });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
    // Whatever happened above, no line held a key, and every line was one JSON object.
    expect(raw.length).toBeGreaterThan(0);
    for (const l of raw) {
      expect(l).not.toContain(ENV_KEY);
      expect(l).not.toContain(PAGE_KEY);
      expect(() => JSON.parse(l)).not.toThrow();
      expect(l).not.toContain('\n');
    }
  });

  async function lineFor(reqId: unknown): Promise<Line> {
    await expect.poll(() => lines().some((l) => l.reqId === reqId)).toBe(true);
    return lines().find((l) => l.reqId === reqId)!;
  }

  it('one line per call: the id it answered with, provider, path, query names, status, time, mode', async () => {
    const r = await fetchRaw(server.port, '/api/runninghub/openapi/v2/query?token=hunter2&x=1', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"taskId":"1"}' });
    const line = await lineFor(r.headers['x-weft-request-id']);
    expect(line).toMatchObject({ level: 'info', msg: 'request', method: 'POST', provider: 'runninghub', path: '/api/runninghub/openapi/v2/query', query: ['token', 'x'], status: r.status, mode: 'simulator' });
    expect(typeof line.time).toBe('string');
    expect(Number.isNaN(Date.parse(String(line.time)))).toBe(false);
    expect(typeof line.ms).toBe('number');
    expect(JSON.stringify(line)).not.toContain('hunter2');
  });

  it('a refused request: warn, with the reason', async () => {
    const r = await fetchRaw(server.port, '/api/runcomfy/v1/models/a', { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' }, body: '{}' });
    expect(r.status).toBe(403);
    expect(await lineFor(r.headers['x-weft-request-id'])).toMatchObject({ level: 'warn', status: 403, reason: { code: 'foreign-origin' } });
  });

  it('a key in the path or from the page never reaches the line', async () => {
    const r = await fetchRaw(server.port, `/api/runcomfy/v1/models/${ENV_KEY}?k=${PAGE_KEY}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Weft-Api-Key': PAGE_KEY }, body: '{}' });
    const line = await lineFor(r.headers['x-weft-request-id']);
    expect(line).toMatchObject({ level: 'warn', provider: 'runcomfy', status: 502, reason: { code: 'unreachable' } });
    expect(line.path).toBe('/api/runcomfy/v1/models/[redacted]');
  });

  it('static files log at debug, a foreign Host at warn with its reason', async () => {
    const page = await fetchRaw(server.port, '/');
    expect(page.status).toBe(200);
    await expect.poll(() => lines().some((l) => l.path === '/' && l.level === 'debug' && l.status === 200)).toBe(true);
    const foreign = await fetchRaw(server.port, '/', { headers: { Host: 'evil.example' } });
    expect(foreign.status).toBe(421);
    await expect.poll(() => lines().some((l) => l.level === 'warn' && l.status === 421 && (l.reason as { code?: string })?.code === 'foreign-host')).toBe(true);
  });
});

describe('failures and levels', () => {
  it('a 500 is logged at error with its stack, the key removed from message and stack', async () => {
    const raw: string[] = [];
    const live = await startLiveApi({
      log: (l) => raw.push(l),
      simulator: () => {
        throw new Error(`simulator broke while holding Bearer ${ENV_KEY}`);
      },
    });
    try {
      const r = await fetchRaw(live.port, '/api/simulator/__sim/calls');
      expect(r.status).toBe(500);
      await expect.poll(() => raw.length).toBe(1);
      const line = JSON.parse(raw[0]!) as Line;
      expect(line).toMatchObject({ level: 'error', status: 500, reason: { code: 'internal' }, err: { type: 'Error' } });
      const err = line.err as { message: string; stack: string };
      expect(err.message).toBe('simulator broke while holding Bearer [redacted]');
      expect(err.stack).toMatch(/at .*log\.test\.ts/);
      expect(raw[0]).not.toContain(ENV_KEY);
    } finally {
      await live.close();
    }
  });

  it('WEFT_LOG_LEVEL sets the level and refuses what is not one', () => {
    const raw: string[] = [];
    createApiHandler({ env: { WEFT_LOG_LEVEL: 'error' }, log: (l) => raw.push(l) }).logger.info('hidden');
    expect(raw).toEqual([]);
    expect(() => createApiHandler({ env: { WEFT_LOG_LEVEL: 'loud' } })).toThrow(/WEFT_LOG_LEVEL must be one of/);
  });
});
