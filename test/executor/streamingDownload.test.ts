import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProviderError } from '../../src/core/providers/types.ts';
import type { ProviderConfig } from '../../src/providers/config.ts';
import { downloadResult } from '../../src/providers/media.ts';

/**
 * The result download (src/providers/media.ts) over real loopback HTTP: the size cap holds on the
 * bytes as they arrive, whatever Content-Length says (a chunked body has none), so a huge body is never
 * held in memory; and its timeout fires even after garbage collection (a child process with --expose-gc).
 */

const CHUNK = new Uint8Array(64 * 1024).fill(7);
let server: Server;
let base: string;
let written = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/endless.mp4') {
      // Chunked (no Content-Length), 40 MiB, written as fast as the client reads.
      res.writeHead(200, { 'content-type': 'video/mp4' });
      let left = 640;
      const pump = () => {
        while (left > 0) {
          left--;
          written += CHUNK.length;
          if (!res.write(CHUNK)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => (left = 0));
      pump();
      return;
    }
    if (req.url === '/bomb.png') {
      // A few KiB on the wire (Content-Length says so), 8 MiB once decoded.
      const packed = gzipSync(new Uint8Array(8 * 1024 * 1024));
      res.writeHead(200, { 'content-type': 'image/png', 'content-encoding': 'gzip', 'content-length': String(packed.length) });
      res.end(packed);
      return;
    }
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(new Uint8Array([1, 2, 3, 4, 5]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const config = (): ProviderConfig => ({ baseUrl: base, apiKey: 'sk-test-0000000000000000', keyTransport: 'bearer', extraMediaHosts: [] });

async function collect(body: AsyncIterable<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const part of body) n += part.length;
  return n;
}

describe('downloadResult', () => {
  it('stops a chunked body once more bytes than the cap have arrived, without reading the rest', async () => {
    written = 0;
    const file = await downloadResult('runcomfy', config(), `${base}/endless.mp4`, { maxBytes: 1024 * 1024 });
    const error = await collect(file.body).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isProviderError(error) && error.info).toMatchObject({ call: 'download', class: 'invalid_input' });
    expect((error as Error).message).toMatch(/over .*1\.0 MiB/);
    // The server was stopped long before its 40 MiB (socket buffers hold a few MiB at most).
    await new Promise((r) => setTimeout(r, 50));
    expect(written).toBeLessThan(16 * 1024 * 1024);
  });

  it('does not trust Content-Length: a small compressed body that decodes past the cap is still stopped', async () => {
    const file = await downloadResult('runcomfy', config(), `${base}/bomb.png`, { maxBytes: 1024 * 1024 });
    await expect(collect(file.body)).rejects.toThrow(/over/);
  });

  it('streams a small file whole, with its type', async () => {
    const file = await downloadResult('runcomfy', config(), `${base}/small.png`);
    expect(file.mimeType).toBe('image/png');
    expect([...(await file.bytes())]).toEqual([1, 2, 3, 4, 5]);
  });

  it('its timeout fires after garbage collection has run (node --expose-gc)', async () => {
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/downloadTimeoutUnderGc.ts');
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(out).toMatch(/timed out/);
    expect(code).toBe(0);
  }, 30_000);
});
