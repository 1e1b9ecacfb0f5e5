import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler, SIMULATOR_KEY, type ApiOptions, type SimulatorLike } from '../../src/server/api.ts';
import { createSimulator } from '../../src/server/simulator/index.ts';

/**
 * The local server's /api/ over real loopback HTTP: a fake provider ("upstream") records every request
 * and connection; an "evil" server stands for any other host and must never see a connection.
 */

const ENV_KEY = 'sk-env-runcomfy-4f9a2c7e1d';
const HEADER_KEY = 'sk-header-77aa31c0be52';
const RH_KEY = 'rh-env-0c1d2e3f4a5b6c7d';

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  complete: boolean;
}

interface Fake {
  port: number;
  url: string;
  connections: number;
  requests: Recorded[];
  /** Scripted answers by path (as the fake receives it); the default answers `{ok: true}`. */
  routes: Map<string, (req: IncomingMessage, res: ServerResponse, rec: Recorded) => void>;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

async function startFake(): Promise<Fake> {
  const routes: Fake['routes'] = new Map();
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const rec: Recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.alloc(0), complete: false };
    requests.push(rec);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      rec.body = Buffer.concat(chunks);
      rec.complete = true;
      const route = routes.get((req.url ?? '').split('?')[0] ?? '');
      if (route) route(req, res, rec);
      else sendJson(res, 200, { ok: true });
    });
  });
  const fake: Fake = { port: 0, url: '', connections: 0, requests, routes, close: () => closeServer(server) };
  server.on('connection', () => fake.connections++);
  fake.port = await listen(server);
  fake.url = `http://127.0.0.1:${fake.port}`;
  return fake;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

interface SimSeen {
  path: string;
  publicBase: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Stands in for the simulator: answers every call and records what it was handed. */
function fakeSimulator(): SimulatorLike & { seen: SimSeen[] } {
  const seen: SimSeen[] = [];
  return {
    seen,
    async handle(req, res, path, publicBase) {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      seen.push({ path, publicBase, headers: { ...req.headers }, body: Buffer.concat(chunks).toString('utf8') });
      if (path.startsWith('/sim-media/')) {
        res.writeHead(200, { 'Content-Type': 'image/png' });
        res.end(Buffer.from('PNGDATA'));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ simulated: true, path }));
    },
  };
}

interface Api {
  port: number;
  host: string;
  lines: string[];
  sim: ReturnType<typeof fakeSimulator>;
  close(): Promise<void>;
}

async function startApi(env: Record<string, string>, options: Partial<ApiOptions> = {}): Promise<Api> {
  const lines: string[] = [];
  const sim = fakeSimulator();
  const api = createApiHandler({ env, log: (l) => lines.push(l), simulator: sim, ...options });
  const server = createServer((req, res) => {
    void api.handle(req, res).then((handled) => {
      if (!handled) sendJson(res, 404, { notApi: true });
    });
  });
  const port = await listen(server);
  return { port, host: `127.0.0.1:${port}`, lines, sim, close: () => closeServer(server) };
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  json: () => unknown;
}

interface CallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** A raw request (no URL normalisation by a client library): the path reaches the server as written. */
function call(api: Api, path: string, options: CallOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: api.port, path, method: options.method ?? 'GET', headers: { Host: api.host, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8'), json: () => JSON.parse(body.toString('utf8')) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const JSON_POST = (body: unknown, headers: Record<string, string> = {}): CallOptions => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

function everything(reply: Reply): string {
  return JSON.stringify(reply.headers) + reply.text;
}

let upstream: Fake;
let evil: Fake;
let env: Record<string, string>;
let live: Api;

beforeAll(async () => {
  upstream = await startFake();
  evil = await startFake();
  env = {
    RUNCOMFY_BASE_URL: `${upstream.url}/rc`,
    RUNCOMFY_API_KEY: ENV_KEY,
    RUNNINGHUB_BASE_URL: `${upstream.url}/rh`,
  };
  live = await startApi(env);
});

afterAll(async () => {
  await live?.close();
  await upstream?.close();
  await evil?.close();
});

afterEach(() => {
  // Every test, whatever it tried, left the other host alone.
  expect(evil.connections).toBe(0);
  upstream.routes.clear();
});

describe('GET /api/status', () => {
  it('says which provider is live (a key in the environment) and which runs on the simulator, without keys or URLs', async () => {
    const r = await call(live, '/api/status');
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({
      providers: {
        runcomfy: { mode: 'live', title: 'RunComfy', keyFromEnv: true },
        runninghub: { mode: 'simulator', title: 'RunningHub', keyFromEnv: false },
      },
    });
    expect(everything(r)).not.toContain(ENV_KEY);
    expect(r.text).not.toContain(upstream.url);
  });
});

describe('forwarding to the configured provider', () => {
  it('sends the path under the base URL with the environment key, the body byte for byte, and only allow-listed headers', async () => {
    const before = upstream.requests.length;
    const body = { prompt: 'a red fox', image_urls: ['https://example.com/a.png'] };
    const r = await call(
      live,
      '/api/runcomfy/v1/models/google-deepmind/veo-3-1/reference-to-video',
      JSON_POST(body, {
        Cookie: 'session=abc',
        Authorization: 'Bearer from-the-page',
        'X-Forwarded-Host': `127.0.0.1:${evil.port}`,
        'X-Custom': 'nope',
        'User-Agent': 'test-agent',
        Accept: 'application/json',
        'X-Weft-Client': '1',
      }),
    );
    expect(r.status).toBe(200);
    expect(r.headers['x-weft-mode']).toBe('live');
    expect(r.json()).toEqual({ ok: true });
    const got = upstream.requests.slice(before);
    expect(got).toHaveLength(1);
    const sent = got[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('/rc/v1/models/google-deepmind/veo-3-1/reference-to-video');
    expect(sent.headers.authorization).toBe(`Bearer ${ENV_KEY}`);
    expect(sent.headers.host).toBe(`127.0.0.1:${upstream.port}`);
    expect(sent.body.toString()).toBe(JSON.stringify(body));
    expect(Object.keys(sent.headers).sort()).toEqual(['accept', 'accept-encoding', 'authorization', 'connection', 'content-length', 'content-type', 'host', 'user-agent']);
    expect(sent.headers['user-agent']).toBe('test-agent');
  });

  it('opens a fresh connection for every call that changes something (a stale keep-alive socket must not turn a submit into "no-answer")', async () => {
    const before = upstream.connections;
    await call(live, '/api/runcomfy/v1/models/a/b', JSON_POST({ prompt: 'one' }));
    await call(live, '/api/runcomfy/v1/models/a/b', JSON_POST({ prompt: 'two' }));
    expect(upstream.connections - before).toBe(2);
  });

  it('passes the query string and answers GETs', async () => {
    const before = upstream.requests.length;
    const r = await call(live, '/api/runcomfy/v1/models?include_schema=true&limit=2');
    expect(r.status).toBe(200);
    expect(upstream.requests.slice(before).map((q) => q.url)).toEqual(['/rc/v1/models?include_schema=true&limit=2']);
  });

  it('prefers the key from the page (X-Weft-Api-Key) over the environment, and never forwards that header', async () => {
    const before = upstream.requests.length;
    await call(live, '/api/runcomfy/v1/requests/r1/status', { headers: { 'X-Weft-Api-Key': HEADER_KEY } });
    const sent = upstream.requests.slice(before)[0]!;
    expect(sent.headers.authorization).toBe(`Bearer ${HEADER_KEY}`);
    expect(sent.headers['x-weft-api-key']).toBeUndefined();
  });

  it('goes live with a key from the page for a provider that has none in the environment', async () => {
    const before = upstream.requests.length;
    const r = await call(live, '/api/runninghub/openapi/v2/query', JSON_POST({ taskId: '1234567890123456789' }, { 'X-Weft-Api-Key': RH_KEY }));
    expect(r.headers['x-weft-mode']).toBe('live');
    const sent = upstream.requests.slice(before)[0]!;
    expect(sent.url).toBe('/rh/openapi/v2/query');
    expect(sent.headers.authorization).toBe(`Bearer ${RH_KEY}`);
    expect(JSON.parse(sent.body.toString())).toEqual({ taskId: '1234567890123456789' });
    expect(live.sim.seen).toHaveLength(0);
  });

  it.each([
    ['/task/openapi/cancel', 'apiKey', { taskId: '1904', apiKey: 'whatever-the-page-sent' }],
    ['/uc/openapi/accountStatus', 'apikey', {}],
  ])('puts the key into the JSON body of RunningHub %s (field %s)', async (path, field, body) => {
    const before = upstream.requests.length;
    const r = await call(live, `/api/runninghub${path}`, JSON_POST(body, { 'X-Weft-Api-Key': RH_KEY }));
    expect(r.status).toBe(200);
    const sent = upstream.requests.slice(before)[0]!;
    expect(JSON.parse(sent.body.toString())).toEqual({ ...body, [field]: RH_KEY });
    expect(sent.headers['content-length']).toBe(String(sent.body.length));
    expect(sent.headers.authorization).toBe(`Bearer ${RH_KEY}`);
  });

  it('streams a large binary answer through unchanged', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 7, 0x5a);
    upstream.routes.set('/rc/v1/models/big', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(big.length) });
      res.end(big);
    });
    const r = await call(live, '/api/runcomfy/v1/models/big');
    expect(r.status).toBe(200);
    expect(r.body.equals(big)).toBe(true);
  });

  it('drops cookies, CORS grants and hop-by-hop headers from answers but keeps Retry-After', async () => {
    upstream.routes.set('/rc/v1/requests/r2/status', (_req, res) =>
      sendJson(res, 429, { error_code: 429 }, { 'Set-Cookie': 'a=b', 'Access-Control-Allow-Origin': '*', 'Retry-After': '3', 'Keep-Alive': 'timeout=99', 'Strict-Transport-Security': 'max-age=1' }),
    );
    const r = await call(live, '/api/runcomfy/v1/requests/r2/status');
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBe('3');
    expect(r.headers['set-cookie']).toBeUndefined();
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(r.headers['keep-alive']).not.toBe('timeout=99');
    expect(r.headers['strict-transport-security']).toBeUndefined();
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('logs one JSON line per call (method, provider, path, query names, status, time, mode) and nothing else', async () => {
    live.lines.length = 0;
    await call(live, '/api/runcomfy/v1/models/a/b?secret=1', JSON_POST({ prompt: 'p' }, { 'X-Weft-Api-Key': HEADER_KEY }));
    await expect.poll(() => live.lines.length).toBe(1);
    const line = JSON.parse(live.lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'info', msg: 'request', method: 'POST', provider: 'runcomfy', path: '/api/runcomfy/v1/models/a/b', query: ['secret'], status: 200, mode: 'live' });
    expect(Object.keys(line).sort()).toEqual(['level', 'method', 'mode', 'ms', 'msg', 'path', 'provider', 'query', 'reqId', 'status', 'time']);
  });
});

describe('not an open proxy', () => {
  it.each([
    '/api/runcomfy/@127.0.0.1:EVIL/v1/models',
    '/api/runcomfy//127.0.0.1:EVIL/v1/models',
    '/api/runcomfy/http://127.0.0.1:EVIL/v1/models',
    '/api/runcomfy/v1/models/http://127.0.0.1:EVIL/x',
    '/api/runcomfy/v1/models/../../admin',
    '/api/runcomfy/v1/requests/..%2f..%2fadmin',
    '/api/runcomfy/v1/models/%2e%2e/%2e%2e/admin',
    '/api/runcomfy/v1/models/.%2E/x',
    '/api/runcomfy/v1/models/x%2Fy',
    '/api/runcomfy/v1/models/x%5cy',
    '/api/runcomfy/v1/models\\..\\x',
    '/api/runcomfy/v1/models/%00',
    '/api/runcomfy/v1/models/%0d%0aHost:%20evil',
    '/api/runcomfy/v1/models/%zz',
    '/api/runcomfy/admin/users',
    '/api/runcomfy/v1/modelsX',
    '/api/runcomfy',
    '/api/runninghub/openapi/v1/anything',
    '/api/runninghub/task/openapi/cancel/more',
  ])('refuses %s with 400 refused-path and no connection anywhere', async (template) => {
    const path = template.replace('EVIL', String(evil.port));
    const upstreamBefore = upstream.connections;
    const r = await call(live, path, JSON_POST({}));
    expect(r.status).toBe(400);
    expect(r.headers['x-weft-proxy-error']).toBe('refused-path');
    expect((r.json() as { error: { code: string } }).error.code).toBe('refused-path');
    expect(upstream.connections).toBe(upstreamBefore);
  });

  it('refuses a path outside the provider table in simulator mode too', async () => {
    const bare = await startApi({ RUNCOMFY_BASE_URL: `${upstream.url}/rc` });
    try {
      const r = await call(bare, '/api/runcomfy/__sim/reset', JSON_POST({}));
      expect(r.status).toBe(400);
      expect(bare.sim.seen).toHaveLength(0);
    } finally {
      await bare.close();
    }
  });

  it('refuses an absolute-form request target (a forward-proxy request)', async () => {
    const r = await call(live, `http://127.0.0.1:${evil.port}/api/runcomfy/v1/models`);
    expect(r.status).toBe(400);
    expect(r.headers['x-weft-proxy-error']).toBe('refused-path');
  });

  it('lets no header pick the target: a Host naming another loopback port still reaches the configured upstream', async () => {
    const before = upstream.requests.length;
    const r = await call(live, '/api/runcomfy/v1/models/x', { headers: { Host: `127.0.0.1:${evil.port}`, 'X-Forwarded-Host': 'evil.example', Forwarded: `host=127.0.0.1:${evil.port}` } });
    expect(r.status).toBe(200);
    expect(upstream.requests.length).toBe(before + 1);
  });

  it('never follows a redirect from the provider: 502 redirect, and the other host sees nothing', async () => {
    upstream.routes.set('/rc/v1/models/moved', (_req, res) => {
      res.writeHead(302, { Location: `${evil.url}/steal` });
      res.end();
    });
    const r = await call(live, '/api/runcomfy/v1/models/moved', JSON_POST({ prompt: 'x' }));
    expect(r.status).toBe(502);
    expect(r.headers['x-weft-proxy-error']).toBe('redirect');
    expect(r.headers.location).toBeUndefined();
    expect(r.text).not.toContain(String(evil.port));
  });

  it('refuses a request addressed to a foreign Host (DNS rebinding) before connecting anywhere', async () => {
    const before = upstream.connections;
    const r = await call(live, '/api/runcomfy/v1/models', { headers: { Host: 'evil.example' } });
    expect(r.status).toBe(421);
    expect(r.headers['x-weft-proxy-error']).toBe('foreign-host');
    expect((await call(live, '/api/status', { headers: { Host: 'weft.attacker.test:80' } })).status).toBe(421);
    expect(upstream.connections).toBe(before);
  });

  it.each([
    ['another origin', { Origin: 'https://evil.example' }],
    ['another port on localhost', { Origin: 'http://127.0.0.1:1' }],
    ['an opaque origin', { Origin: 'null' }],
    ['a cross-site fetch', { 'Sec-Fetch-Site': 'cross-site' }],
    ['a same-site fetch from another port', { 'Sec-Fetch-Site': 'same-site' }],
  ])('refuses a call from %s (403)', async (_what, headers) => {
    const before = upstream.connections;
    const r = await call(live, '/api/runcomfy/v1/models/a/b', JSON_POST({ prompt: 'x' }, headers));
    expect(r.status).toBe(403);
    expect(r.headers['x-weft-proxy-error']).toBe('foreign-origin');
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(upstream.connections).toBe(before);
  });

  it('accepts the same origin', async () => {
    const r = await call(live, '/api/runcomfy/v1/models/a/b', JSON_POST({ prompt: 'x' }, { Origin: `http://${live.host}`, 'Sec-Fetch-Site': 'same-origin' }));
    expect(r.status).toBe(200);
  });

  it.each([
    ['no content type', {}],
    ['a form content type', { 'Content-Type': 'application/x-www-form-urlencoded' }],
    ['text/plain', { 'Content-Type': 'text/plain' }],
  ])('refuses a write with %s and no X-Weft-Client header (it would need a preflight)', async (_what, headers) => {
    const before = upstream.connections;
    const r = await call(live, '/api/runcomfy/v1/requests/r1/cancel', { method: 'POST', headers, body: '{}' });
    expect(r.status).toBe(403);
    expect(r.headers['x-weft-proxy-error']).toBe('client-header');
    expect(upstream.connections).toBe(before);
    expect((await call(live, '/api/runcomfy/v1/requests/r1/cancel', { method: 'POST', headers: { ...headers, 'X-Weft-Client': '1' } })).status).toBe(200);
  });

  it('never grants a CORS preflight', async () => {
    const r = await call(live, '/api/runcomfy/v1/models/a/b', {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-weft-client' },
    });
    expect(r.status).toBe(403);
    expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });
});

describe('body caps', () => {
  let small: Api;
  beforeAll(async () => {
    small = await startApi({ ...env, RUNNINGHUB_API_KEY: RH_KEY }, { limits: { jsonBytes: 1000, uploadBytes: 3000, smallJsonBytes: 200 } });
  });
  afterAll(() => small?.close());

  it('answers 413 to a Content-Length over the cap without connecting upstream', async () => {
    const before = upstream.connections;
    const r = await call(small, '/api/runcomfy/v1/models/a/b', JSON_POST({ prompt: 'x'.repeat(1000) }));
    expect(r.status).toBe(413);
    expect(r.headers['x-weft-proxy-error']).toBe('too-large');
    expect(upstream.connections).toBe(before);
  });

  it('gives uploads their own, larger cap', async () => {
    const boundary = 'b0undary';
    const file = 'x'.repeat(2000);
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n${file}\r\n--${boundary}--\r\n`;
    const type = { 'Content-Type': `multipart/form-data; boundary=${boundary}` };
    const before = upstream.requests.length;
    const ok = await call(small, '/api/runninghub/openapi/v2/media/upload/binary', { method: 'POST', headers: type, body });
    expect(ok.status).toBe(200);
    expect(upstream.requests.slice(before)[0]!.body.toString()).toBe(body);
    const tooBig = await call(small, '/api/runninghub/openapi/v2/media/upload/binary', { method: 'POST', headers: type, body: body + 'y'.repeat(1000) });
    expect(tooBig.status).toBe(413);
  });

  it('caps the JSON bodies it rewrites to carry the key', async () => {
    const r = await call(small, '/api/runninghub/task/openapi/cancel', JSON_POST({ taskId: '1'.repeat(300) }));
    expect(r.status).toBe(413);
  });

  it('aborts the upstream request and answers 413 when a chunked body grows past the cap', async () => {
    const before = upstream.requests.length;
    const reply = await new Promise<Reply>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: small.port, path: '/api/runcomfy/v1/models/a/b', method: 'POST', headers: { Host: small.host, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const body = Buffer.concat(chunks);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString(), json: () => JSON.parse(body.toString()) });
            req.destroy();
          });
        },
      );
      req.on('error', reject);
      // Two writes past the cap, and the body never ends: only the cap can end this request.
      req.write(Buffer.alloc(600, 0x61));
      req.write(Buffer.alloc(600, 0x62));
    });
    expect(reply.status).toBe(413);
    expect(reply.headers['x-weft-proxy-error']).toBe('too-large');
    await expect.poll(() => upstream.requests.slice(before).every((r) => !r.complete)).toBe(true);
  });
});

describe('the key never comes back', () => {
  it('scrubs the key from an upstream that echoes it in headers and body, even split across chunks or gzipped', async () => {
    upstream.routes.set('/rc/v1/requests/echo/status', (req, res) => {
      const auth = req.headers.authorization ?? '';
      res.writeHead(401, { 'Content-Type': 'application/json', 'X-Debug-Auth': auth, 'WWW-Authenticate': `Bearer realm="${auth}"` });
      const text = JSON.stringify({ error_message: `token ${auth} revoked`, again: auth.slice(7) });
      const cut = text.indexOf(auth.slice(7)) + 5;
      res.write(text.slice(0, cut));
      setImmediate(() => res.end(text.slice(cut)));
    });
    upstream.routes.set('/rc/v1/requests/gzip/status', (req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify({ echoed: req.headers.authorization })));
    });
    for (const key of [ENV_KEY, HEADER_KEY]) {
      const headers = key === HEADER_KEY ? { 'X-Weft-Api-Key': HEADER_KEY } : undefined;
      const r = await call(live, '/api/runcomfy/v1/requests/echo/status', { headers });
      expect(r.status).toBe(401);
      expect(everything(r)).not.toContain(key);
      expect(r.text).toContain('[redacted]');
      expect(r.headers['x-debug-auth']).toBe('Bearer [redacted]');
      const z = await call(live, '/api/runcomfy/v1/requests/gzip/status', { headers });
      expect(z.json()).toEqual({ echoed: 'Bearer [redacted]' });
      expect(z.headers['content-encoding']).toBeUndefined();
    }
    expect(live.lines.join('\n')).not.toContain(ENV_KEY);
    expect(live.lines.join('\n')).not.toContain(HEADER_KEY);
  });

  it('keeps the key out of failures and log lines', async () => {
    const closed = await startFake();
    await closed.close();
    const dead = await startApi({ RUNCOMFY_BASE_URL: closed.url, RUNCOMFY_API_KEY: ENV_KEY });
    try {
      const r = await call(dead, `/api/runcomfy/v1/models/${ENV_KEY}`, JSON_POST({ prompt: ENV_KEY }));
      expect(r.status).toBe(502);
      expect(everything(r)).not.toContain(ENV_KEY);
      await expect.poll(() => dead.lines.length).toBe(1);
      expect(dead.lines[0]).not.toContain(ENV_KEY);
    } finally {
      await dead.close();
    }
  });
});

describe('failures the adapters tell apart', () => {
  it('says unreachable when nothing listens (nothing was sent)', async () => {
    const closed = await startFake();
    await closed.close();
    const dead = await startApi({ RUNCOMFY_BASE_URL: closed.url, RUNCOMFY_API_KEY: ENV_KEY });
    try {
      const r = await call(dead, '/api/runcomfy/v1/models/a/b', JSON_POST({ prompt: 'x' }));
      expect(r.status).toBe(502);
      expect(r.headers['x-weft-proxy-error']).toBe('unreachable');
      expect(r.json()).toMatchObject({ error: { code: 'unreachable' } });
    } finally {
      await dead.close();
    }
  });

  it('says no-answer when the connection breaks after the request went out', async () => {
    upstream.routes.set('/rc/v1/models/drop', (req) => req.socket.destroy());
    const r = await call(live, '/api/runcomfy/v1/models/drop', JSON_POST({ prompt: 'x' }));
    expect(r.status).toBe(502);
    expect(r.headers['x-weft-proxy-error']).toBe('no-answer');
  });

  it('says no-answer (504) when the provider does not answer in time', async () => {
    const quick = await startApi(env, { limits: { callMs: 50 } });
    try {
      upstream.routes.set('/rc/v1/models/hang', () => undefined);
      const r = await call(quick, '/api/runcomfy/v1/models/hang', JSON_POST({ prompt: 'x' }));
      expect(r.status).toBe(504);
      expect(r.headers['x-weft-proxy-error']).toBe('no-answer');
    } finally {
      await quick.close();
    }
  });
});

describe('without a key: the simulator', () => {
  let bare: Api;
  beforeAll(async () => {
    bare = await startApi({ RUNCOMFY_BASE_URL: `${upstream.url}/rc`, RUNNINGHUB_BASE_URL: `${upstream.url}/rh` });
  });
  afterAll(() => bare?.close());

  it('hands provider calls to the simulator with its local key and its public base, never upstream', async () => {
    const before = upstream.connections;
    const r = await call(bare, '/api/runcomfy/v1/models/google-deepmind/veo-3-1/reference-to-video?x=1', JSON_POST({ prompt: 'fox' }, { Cookie: 'a=b', Authorization: 'Bearer page' }));
    expect(r.status).toBe(200);
    expect(r.headers['x-weft-mode']).toBe('simulator');
    expect(r.json()).toEqual({ simulated: true, path: '/v1/models/google-deepmind/veo-3-1/reference-to-video?x=1' });
    const seen = bare.sim.seen.at(-1)!;
    expect(seen.publicBase).toBe(`http://${bare.host}/api/simulator`);
    expect(seen.headers.authorization).toBe(`Bearer ${SIMULATOR_KEY}`);
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.body).toBe(JSON.stringify({ prompt: 'fox' }));
    expect(upstream.connections).toBe(before);
    await expect.poll(() => bare.lines.length).toBeGreaterThan(0);
    expect(JSON.parse(bare.lines.at(-1)!)).toMatchObject({ method: 'POST', provider: 'runcomfy', path: '/api/runcomfy/v1/models/google-deepmind/veo-3-1/reference-to-video', status: 200, mode: 'simulator' });
  });

  it('answers a simulated drop the way its proxy answers a silent provider (502 no-answer), so a browser never resends the submit', async () => {
    const simulator = createSimulator();
    const api = await startApi({}, { simulator });
    try {
      const r = await call(api, '/api/runcomfy/v1/models/google-deepmind/veo-3-1/reference-to-video', JSON_POST({ prompt: 'fox', image_urls: ['https://example.com/a.png'] }, { 'X-Weft-Sim-Fault': 'drop_after_accept' }));
      expect(r.status).toBe(502);
      expect(r.headers['x-weft-proxy-error']).toBe('no-answer');
      const submits = simulator.calls().filter((c) => c.call === 'submit');
      expect(submits.map((c) => c.status)).toEqual(['dropped']);
    } finally {
      await api.close();
      simulator.close();
    }
  });

  it('serves the simulator itself under /api/simulator, inspection endpoints included', async () => {
    const r = await call(bare, '/api/simulator/__sim/calls');
    expect(r.status).toBe(200);
    expect(bare.sim.seen.at(-1)!.path).toBe('/__sim/calls');
    expect((await call(bare, '/api/simulator/../../etc/passwd')).status).toBe(400);
  });

  it('reports both providers on the simulator', async () => {
    const r = await call(bare, '/api/status');
    expect(r.json()).toMatchObject({ providers: { runcomfy: { mode: 'simulator' }, runninghub: { mode: 'simulator' } } });
  });
});

describe('GET /api/media/<provider>', () => {
  const media = (api: Api, url: string, headers: Record<string, string> = {}) => call(api, `/api/media/runcomfy?url=${encodeURIComponent(url)}`, { headers });

  it('streams a file from the provider host with its content type, without the key', async () => {
    const png = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3]);
    upstream.routes.set('/files/out.png', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': String(png.length), 'Set-Cookie': 'x=y' });
      res.end(png);
    });
    const before = upstream.requests.length;
    const r = await media(live, `${upstream.url}/files/out.png?Expires=1&Signature=abc`, { 'X-Weft-Api-Key': HEADER_KEY });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('image/png');
    expect(r.headers['set-cookie']).toBeUndefined();
    expect(r.body.equals(png)).toBe(true);
    const sent = upstream.requests.slice(before)[0]!;
    expect(sent.url).toBe('/files/out.png?Expires=1&Signature=abc');
    expect(sent.headers.authorization).toBeUndefined();
    expect(JSON.stringify(sent.headers)).not.toContain(HEADER_KEY);
    expect(JSON.stringify(sent.headers)).not.toContain(ENV_KEY);
  });

  it('serves an HTML answer as inert bytes', async () => {
    upstream.routes.set('/files/page', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<script>alert(1)</script>');
    });
    const r = await media(live, `${upstream.url}/files/page`);
    expect(r.headers['content-type']).toBe('application/octet-stream');
    expect(r.headers['content-security-policy']).toContain('sandbox');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each([
    (e: Fake) => `${e.url}/x.png`,
    () => 'http://model-api.runcomfy.net/x.png',
    () => 'https://runcomfy.net.evil.example/x.png',
    () => 'https://user:pw@cdn.runcomfy.net/x.png',
    () => 'file:///etc/passwd',
    () => 'javascript:alert(1)',
  ])('refuses a file from anywhere else (#%#)', async (make) => {
    const r = await media(live, make(evil));
    expect(r.status).toBe(403);
    expect(r.headers['x-weft-proxy-error']).toBe('refused-url');
  });

  it('follows up to three redirects within allowed hosts, never one to another host', async () => {
    for (let i = 0; i < 4; i++) {
      upstream.routes.set(`/files/hop${i}`, (_req, res) => {
        res.writeHead(302, { Location: `/files/hop${i + 1}` });
        res.end();
      });
    }
    upstream.routes.set('/files/hop4', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'video/mp4' });
      res.end('MP4');
    });
    upstream.routes.set('/files/away', (_req, res) => {
      res.writeHead(301, { Location: `${evil.url}/x.mp4` });
      res.end();
    });
    const three = await media(live, `${upstream.url}/files/hop1`);
    expect(three.status).toBe(200);
    expect(three.text).toBe('MP4');
    const four = await media(live, `${upstream.url}/files/hop0`);
    expect(four.status).toBe(502);
    expect(four.headers['x-weft-proxy-error']).toBe('redirect');
    const away = await media(live, `${upstream.url}/files/away`);
    expect(away.status).toBe(502);
    expect(away.headers['x-weft-proxy-error']).toBe('redirect');
  });

  it('refuses a file over the cap', async () => {
    const capped = await startApi(env, { mediaMaxBytes: 10 });
    try {
      upstream.routes.set('/files/big.png', (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': '11' });
        res.end('x'.repeat(11));
      });
      const r = await media(capped, `${upstream.url}/files/big.png`);
      expect(r.status).toBe(502);
      expect(r.headers['x-weft-proxy-error']).toBe('too-large');
    } finally {
      await capped.close();
    }
  });

  it('hands a file of its own simulator straight to it', async () => {
    const r = await media(live, `http://${live.host}/api/simulator/sim-media/abc.png?Expires=1`);
    expect(r.status).toBe(200);
    expect(r.text).toBe('PNGDATA');
    expect(live.sim.seen.at(-1)!.path).toBe('/sim-media/abc.png?Expires=1');
  });
});
