import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAllowedHost, parseAuthority, parseOrigin } from '../../src/server/authority.ts';
import { startLiveApi, type LiveApi } from './liveApi.ts';

/**
 * Host and Origin parsed one way (issue 19: `Host: localhost:1@evil.example` with
 * `Origin: http://evil.example` was forwarded with the key). Table-driven over real loopback HTTP
 * against the API with a key configured: every refused row leaves the provider untouched.
 */

describe('parseAuthority and parseOrigin', () => {
  it.each([
    ['localhost', 'localhost'],
    ['LOCALHOST:5173', 'localhost:5173'],
    ['127.0.0.1:80', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['[::1]:5173', '[::1]:5173'],
    ['[0:0:0:0:0:0:0:1]', '[::1]'],
    ['xn--nxasmq6b.example', 'xn--nxasmq6b.example'],
    ['localhost.', 'localhost.'],
  ])('reads %s as %s', (text, host) => expect(parseAuthority(text, 'http')?.host).toBe(host));

  it.each([
    ['userinfo', 'localhost:1@evil.example'],
    ['userinfo without port', 'user@localhost'],
    ['a path', 'localhost/evil'],
    ['a query', 'localhost?x'],
    ['a fragment', 'localhost#x'],
    ['a backslash', 'localhost\\evil'],
    ['port 0', 'localhost:0'],
    ['port 65536', 'localhost:65536'],
    ['a leading-zero port', 'localhost:080'],
    ['a signed port', 'localhost:+80'],
    ['an empty port', 'localhost:'],
    ['two ports', 'localhost:1:2'],
    ['a space', 'local host'],
    ['a non-ASCII name', 'lоcalhost'],
    ['an IPv6 zone', '[fe80::1%25eth0]'],
    ['unbracketed IPv6', '::1'],
    ['nothing', ''],
  ])('refuses %s', (_what, text) => expect(parseAuthority(text, 'http')).toBeUndefined());

  it('an origin is scheme://authority and nothing else; null is no origin', () => {
    expect(parseOrigin('http://localhost:5173')).toEqual({ scheme: 'http', authority: { hostname: 'localhost', port: '5173', host: 'localhost:5173' } });
    expect(parseOrigin('HTTPS://LOCALHOST')?.authority.host).toBe('localhost');
    for (const bad of ['null', 'file://', 'http://localhost/', 'http://a@localhost', 'localhost', 'ws://localhost', 'http://localhost:0']) expect(parseOrigin(bad)).toBeUndefined();
  });

  it('isAllowedHost: loopback names and configured extras, parsed the same way', () => {
    expect(isAllowedHost('127.0.0.1:9')).toBe(true);
    expect(isAllowedHost('[::1]:9')).toBe(true);
    expect(isAllowedHost('Weft.Local:9', ['weft.local'])).toBe(true);
    expect(isAllowedHost('[fd00::5]:9', ['fd00::5'])).toBe(true);
    expect(isAllowedHost('localhost:1@evil.example')).toBe(false);
    expect(isAllowedHost('localhost.')).toBe(false);
    expect(isAllowedHost('127.0.0.2')).toBe(false);
    expect(isAllowedHost(undefined)).toBe(false);
  });
});

let upstreamHits = 0;
let live: LiveApi;
let port = 0;

beforeAll(async () => {
  live = await startLiveApi({
    key: 'sk-hostile-2d4f6a8c0e1b3d5f',
    upstream: (_req, res) => {
      upstreamHits++;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"request_id":"r","status":"in_queue"}');
    },
  });
  port = live.port;
});
afterAll(() => live.close());

function post(headers: Record<string, string>, method = 'POST'): Promise<{ status: number; code: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: '/api/runcomfy/v1/models/a/b', headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, code: res.headers['x-weft-proxy-error'] as string | undefined }));
    });
    req.on('error', reject);
    req.end('{"prompt":"x"}');
  });
}

describe('the API refuses what does not parse or does not match, before the key goes anywhere', () => {
  const host = () => `127.0.0.1:${port}`;
  const rows: [string, () => Record<string, string>, number, string?][] = [
    ['the reported attack: userinfo in Host, Origin the attacker’s', () => ({ Host: 'localhost:1@evil.example', Origin: 'http://evil.example' }), 400, 'bad-request'],
    ['userinfo in Host alone', () => ({ Host: `user@${host()}` }), 400, 'bad-request'],
    ['a path in Host', () => ({ Host: `${host()}/x` }), 400, 'bad-request'],
    ['an odd port in Host', () => ({ Host: '127.0.0.1:080' }), 400, 'bad-request'],
    ['a foreign Host', () => ({ Host: 'evil.example' }), 421, 'foreign-host'],
    ['a trailing-dot Host', () => ({ Host: `localhost.:${port}` }), 421, 'foreign-host'],
    ['a punycode look-alike Host', () => ({ Host: `xn--lcalhost-9fg:${port}` }), 421, 'foreign-host'],
    ['an Origin on another port', () => ({ Host: host(), Origin: 'http://127.0.0.1:1' }), 403, 'foreign-origin'],
    ['an Origin with another scheme', () => ({ Host: host(), Origin: `https://${host()}` }), 403, 'foreign-origin'],
    ['an Origin naming another loopback name', () => ({ Host: host(), Origin: `http://localhost:${port}` }), 403, 'foreign-origin'],
    ['an Origin with userinfo', () => ({ Host: host(), Origin: `http://a@${host()}` }), 403, 'foreign-origin'],
    ['an Origin with a path', () => ({ Host: host(), Origin: `http://${host()}/` }), 403, 'foreign-origin'],
    ['the null Origin', () => ({ Host: host(), Origin: 'null' }), 403, 'foreign-origin'],
    ['the same origin', () => ({ Host: host(), Origin: `http://${host()}` }), 200],
    ['the same origin, differently cased', () => ({ Host: `LOCALHOST:${port}`, Origin: `http://localhost:${port}` }), 200],
    ['IPv6 loopback spelled out, origin compressed', () => ({ Host: `[0:0:0:0:0:0:0:1]:${port}`, Origin: `http://[::1]:${port}` }), 200],
    ['no Origin (curl, the CLI): allowed with a JSON body', () => ({ Host: host() }), 200],
  ];
  for (const [what, headers, status, code] of rows) {
    it(`${what} → ${status}${code ? ` ${code}` : ''}`, async () => {
      const before = upstreamHits;
      const r = await post(headers());
      expect(r.status).toBe(status);
      expect(r.code).toBe(code);
      expect(upstreamHits).toBe(status === 200 ? before + 1 : before);
    });
  }

  it('no Origin and no JSON body or client header on a write: refused (another page could send it)', async () => {
    const before = upstreamHits;
    const r = await new Promise<number>((resolve) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/runcomfy/v1/requests/r/cancel', headers: { Host: `127.0.0.1:${port}`, 'Content-Type': 'text/plain' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.end('{}');
    });
    expect(r).toBe(403);
    expect(upstreamHits).toBe(before);
  });
});
