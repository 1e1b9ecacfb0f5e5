import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type RunningServer } from '../../src/server/static.ts';
import { REPO } from '../support/browser.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request (no URL normalisation by a client library), so traversal attempts reach the server as sent. */
function get(server: RunningServer, rawPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path: rawPath, method, headers: { Host: `127.0.0.1:${server.port}`, ...headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the static server (weft serve)', () => {
  let dir: string;
  let root: string;
  let server: RunningServer;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'weft-static-'));
    root = path.join(dir, 'dist');
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>app</title>');
    await writeFile(path.join(root, 'assets', 'app-abc123.js'), 'console.log(1)');
    await writeFile(path.join(root, 'assets', 'style-abc123.css'), 'body{}');
    await writeFile(path.join(root, 'clip.mp4'), Buffer.alloc(1000, 7));
    await writeFile(path.join(root, '.env'), 'SECRET=1');
    await writeFile(path.join(dir, 'outside.txt'), 'outside');
    await symlink(path.join(dir, 'outside.txt'), path.join(root, 'link.txt'));
    server = await startStaticServer({ root, port: 0 });
  });

  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('listens on loopback and serves index.html for /', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const r = await get(server, '/');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.body).toContain('<title>app</title>');
  });

  it('sends assets with their content type and a long cache', async () => {
    const js = await get(server, '/assets/app-abc123.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
    expect(js.headers['x-content-type-options']).toBe('nosniff');
    expect((await get(server, '/assets/style-abc123.css')).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('answers app routes with index.html, but a missing asset with 404', async () => {
    const route = await get(server, '/pipelines/mine?x=1');
    expect(route.status).toBe(200);
    expect(route.body).toContain('<title>app</title>');
    expect((await get(server, '/assets/gone-000.js')).status).toBe(404);
  });

  it.each([
    '/../outside.txt',
    '/assets/../../outside.txt',
    '/%2e%2e/outside.txt',
    '/%2e%2e%2foutside.txt',
    '/assets/%2e%2e/%2e%2e/outside.txt',
    '/..%5coutside.txt',
    '/.env',
    '/assets/%00.js',
    '/link.txt',
  ])('never serves anything outside the root, hidden, or behind a symlink: %s', async (p) => {
    const r = await get(server, p);
    expect(r.body).not.toContain('outside');
    expect(r.body).not.toContain('SECRET');
    expect([400, 404]).toContain(r.status);
  });

  it('refuses a request addressed to a foreign host (DNS rebinding)', async () => {
    const r = await get(server, '/', { Host: 'evil.example:80' });
    expect(r.status).toBe(421);
    expect((await get(server, '/', { Host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('allows only GET and HEAD', async () => {
    const post = await get(server, '/', {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const head = await get(server, '/assets/app-abc123.js', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe('14');
  });

  it('serves byte ranges (media seeking) and refuses impossible ones', async () => {
    const r = await get(server, '/clip.mp4', { Range: 'bytes=100-199' });
    expect(r.status).toBe(206);
    expect(r.headers['content-range']).toBe('bytes 100-199/1000');
    expect(r.headers['content-type']).toBe('video/mp4');
    expect(r.body.length).toBe(100);
    expect((await get(server, '/clip.mp4', { Range: 'bytes=5000-' })).status).toBe(416);
  });

  it('revalidates with an ETag', async () => {
    const first = await get(server, '/assets/app-abc123.js');
    const etag = String(first.headers.etag);
    expect((await get(server, '/assets/app-abc123.js', { 'If-None-Match': etag })).status).toBe(304);
  });

  it('runs as `weft serve`: prints its URL, serves, and stops cleanly on Ctrl-C', async () => {
    const child = spawn(process.execPath, ['bin/weft.js', 'serve', '--port', '0', '--dir', root], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      child.stdout.setEncoding('utf8');
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: string) => {
          out += chunk;
          const m = /running at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`weft serve exited with ${code}: ${out}`)));
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>app</title>');
      const exited = once(child, 'exit');
      child.kill('SIGINT');
      const [code] = await exited;
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('says how to build when there is nothing to serve', async () => {
    const child = spawn(process.execPath, ['bin/weft.js', 'serve', '--port', '0', '--dir', path.join(dir, 'nope')], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (err += chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(err).toContain('npm run build');
  });
});
