import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, preview, type PreviewServer, type ViteDevServer } from 'vite';
import type { SimulatorLike } from '../../src/server/api.ts';
import { weftServer } from '../../src/server/vitePlugin.ts';

/** The Vite plugin puts /api/ in front of Vite's own middlewares, in dev and in preview. */

const sim: SimulatorLike = {
  async handle(_req, res, p) {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ simulated: p }));
  },
};

function get(port: number, p: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: p, method, headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('weftServer() in Vite', () => {
  let dir: string;
  let dev: ViteDevServer;
  let devHttp: Server;
  let devPort: number;
  let prev: PreviewServer;
  let prevPort: number;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'weft-vite-'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>app</title>');
    const common = { configFile: false as const, root: dir, logLevel: 'silent' as const, mode: 'development', plugins: [weftServer({ env: {}, simulator: sim, log: () => {} })] };
    dev = await createServer({ ...common, server: { middlewareMode: true, ws: false }, appType: 'spa' });
    devHttp = createHttpServer(dev.middlewares);
    await new Promise<void>((resolve) => devHttp.listen(0, '127.0.0.1', resolve));
    devPort = (devHttp.address() as AddressInfo).port;
    prev = await preview({ ...common, build: { outDir: dir }, preview: { port: 0, host: '127.0.0.1' } });
    prevPort = (prev.httpServer.address() as AddressInfo).port;
  });

  afterAll(async () => {
    devHttp?.closeAllConnections();
    await new Promise<void>((resolve) => (devHttp ? devHttp.close(() => resolve()) : resolve()));
    await dev?.close();
    await prev?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['dev', 'preview'] as const)('%s: answers /api/status and hands provider calls to the simulator', async (which) => {
    const port = which === 'dev' ? devPort : prevPort;
    const status = await get(port, '/api/status');
    expect(status.status).toBe(200);
    expect(JSON.parse(status.text)).toMatchObject({ providers: { runcomfy: { mode: 'simulator' }, runninghub: { mode: 'simulator' } } });
    const call = await get(port, '/api/runcomfy/v1/requests/abc/status');
    expect(call.headers['x-weft-mode']).toBe('simulator');
    expect(JSON.parse(call.text)).toEqual({ simulated: '/v1/requests/abc/status' });
    expect((await get(port, '/')).text).toContain('<title>app</title>');
  });

  it.each(['dev', 'preview'] as const)('%s: runs before Vite\'s CORS middleware, so no preflight for /api/ is ever granted', async (which) => {
    const port = which === 'dev' ? devPort : prevPort;
    const r = await get(port, '/api/runcomfy/v1/models/x', { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'POST' }, 'OPTIONS');
    expect(r.status).toBe(403);
    expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });
});
