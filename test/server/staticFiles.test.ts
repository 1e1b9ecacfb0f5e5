import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBuildCurrent, newestInputMs, STAMP_FILE, weftBuildStamp } from '../../src/server/buildStamp.ts';
import { acceptedEncodings, precompressDir } from '../../src/server/precompress.ts';
import { startStaticServer, type RunningServer } from '../../src/server/static.ts';

/**
 * Static files served compressed (precompressed at build, chosen by Accept-Encoding, with Vary and
 * Content-Encoding), and the build stamp that lets `npm start` skip a build that is current.
 */

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(server: RunningServer, p: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: p, method, headers: { Host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Accept-Encoding', () => {
  it.each([
    ['gzip, deflate, br, zstd', ['br', 'gzip']],
    ['gzip', ['gzip']],
    ['br;q=0, gzip;q=0.5', ['gzip']],
    ['*', ['br', 'gzip']],
    ['*;q=0, gzip', ['gzip']],
    ['identity', []],
    ['', []],
    ['BR ; Q=1', ['br']],
    ['br;q=abc', []],
  ])('%j → %j', (header, expected) => expect(acceptedEncodings(header)).toEqual(expected));
});

describe('compressed static files', () => {
  let dir: string;
  let server: RunningServer;
  const js = `export const table = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ id: i, name: `node-${i}` })))};\n`;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'weft-gz-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), `<!doctype html><title>app</title>${'<!-- padding -->'.repeat(100)}`);
    await writeFile(path.join(dir, 'assets', 'app-1.js'), js);
    await writeFile(path.join(dir, 'assets', 'tiny-1.js'), 'x()');
    await writeFile(path.join(dir, 'assets', 'pic.png'), Buffer.alloc(4096, 1));
    expect(await precompressDir(dir)).toBe(2);
    server = await startStaticServer({ root: dir, port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends brotli to a browser, gzip to a gzip-only client, the file itself otherwise; always with Vary', async () => {
    const br = await get(server, '/assets/app-1.js', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toBe(js);
    expect(br.headers['content-length']).toBe(String(br.body.length));
    expect(br.body.length).toBeLessThan(js.length / 3);
    const gz = await get(server, '/assets/app-1.js', { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(js);
    const plain = await get(server, '/assets/app-1.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(js);
    for (const r of [br, gz, plain]) {
      expect(r.headers.vary).toBe('Accept-Encoding');
      expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    }
    // Each representation has its own validator.
    expect(new Set([br.headers.etag, gz.headers.etag, plain.headers.etag]).size).toBe(3);
    expect((await get(server, '/assets/app-1.js', { 'Accept-Encoding': 'br', 'If-None-Match': String(br.headers.etag) })).status).toBe(304);
    expect((await get(server, '/assets/app-1.js', { 'Accept-Encoding': 'gzip', 'If-None-Match': String(br.headers.etag) })).status).toBe(200);
  });

  it('compresses the SPA fallback too; HEAD gives the compressed length', async () => {
    const route = await get(server, '/some/route', { 'Accept-Encoding': 'br' });
    expect(route.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(route.body).toString()).toContain('<title>app</title>');
    const head = await get(server, '/assets/app-1.js', { 'Accept-Encoding': 'br' }, 'HEAD');
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBe((await readFile(path.join(dir, 'assets', 'app-1.js.br'))).length);
  });

  it('serves byte ranges, small files and media uncompressed', async () => {
    const range = await get(server, '/assets/app-1.js', { 'Accept-Encoding': 'br', Range: 'bytes=0-9' });
    expect(range.status).toBe(206);
    expect(range.headers['content-encoding']).toBeUndefined();
    expect(range.body.toString()).toBe(js.slice(0, 10));
    expect((await get(server, '/assets/tiny-1.js', { 'Accept-Encoding': 'br' })).headers['content-encoding']).toBeUndefined();
    const png = await get(server, '/assets/pic.png', { 'Accept-Encoding': 'br' });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.headers.vary).toBeUndefined();
  });

  it('ignores a compressed copy older than its file', async () => {
    const file = path.join(dir, 'assets', 'app-1.js');
    const later = new Date(Date.now() + 60_000);
    await utimes(file, later, later);
    const r = await get(server, '/assets/app-1.js', { 'Accept-Encoding': 'br' });
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.body.toString()).toBe(js);
  });
});

describe('the build stamp', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'weft-stamp-'));
    await mkdir(path.join(root, 'src', 'deep'), { recursive: true });
    await writeFile(path.join(root, 'src', 'deep', 'a.ts'), 'a');
    await writeFile(path.join(root, 'index.html'), 'i');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  async function build(): Promise<void> {
    const plugin = weftBuildStamp() as unknown as { configResolved(c: unknown): void; buildStart(): Promise<void>; closeBundle(): Promise<void> };
    plugin.configResolved({ root, build: { outDir: 'dist' } });
    await plugin.buildStart();
    await mkdir(path.join(root, 'dist'), { recursive: true });
    await writeFile(path.join(root, 'dist', 'index.html'), 'built');
    await plugin.closeBundle();
  }

  it('is not current without a build, current after one, stale after any input changes', async () => {
    expect(await isBuildCurrent(root)).toMatchObject({ current: false, why: 'no build stamp in dist/' });
    await build();
    expect(JSON.parse(await readFile(path.join(root, 'dist', STAMP_FILE), 'utf8'))).toMatchObject({ inputsNewestMs: await newestInputMs(root) });
    expect((await isBuildCurrent(root)).current).toBe(true);
    const later = new Date(Date.now() + 5_000);
    await utimes(path.join(root, 'src', 'deep', 'a.ts'), later, later);
    expect(await isBuildCurrent(root)).toMatchObject({ current: false, why: 'sources changed since the last build' });
    await build();
    expect((await isBuildCurrent(root)).current).toBe(true);
    await writeFile(path.join(root, 'package.json'), '{}');
    await utimes(path.join(root, 'package.json'), new Date(Date.now() + 9_000), new Date(Date.now() + 9_000));
    expect((await isBuildCurrent(root)).current).toBe(false);
  });

  it('a build whose output lost its index.html is not current', async () => {
    await build();
    await rm(path.join(root, 'dist', 'index.html'));
    expect(await isBuildCurrent(root)).toMatchObject({ current: false, why: 'dist/index.html is missing' });
  });
});
