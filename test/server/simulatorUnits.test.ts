import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command.ts';
import { parseSimulateArgs, runSimulate } from '../../src/cli/commands/simulate.ts';
import { main } from '../../src/cli/main.ts';
import { markerFaults } from '../../src/server/simulator/faults.ts';
import { fontIsComplete } from '../../src/server/simulator/font.ts';
import { keyFingerprint } from '../../src/server/simulator/index.ts';
import { taskId } from '../../src/server/simulator/jobs.ts';
import { boundaryOf, parseMultipart } from '../../src/server/simulator/multipart.ts';
import { imageSizeFor, renderPromptPng, wrap } from '../../src/server/simulator/png.ts';
import { pngSize } from './simulatorSupport.ts';

/** The simulator's pure parts (font, PNG, multipart, markers, ids) and the `weft simulate` command. */

describe('pieces', () => {
  it('has a 5x7 glyph for every printable ASCII character', () => {
    expect(fontIsComplete()).toBe(true);
  });

  it('word-wraps and cuts long words', () => {
    expect(wrap('the quick brown fox', 9)).toEqual(['the quick', 'brown fox']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('renders a PNG of the requested size, even for empty or non-ASCII prompts', () => {
    expect(pngSize(renderPromptPng({ prompt: '', footer: 'f' }))).toEqual({ width: 512, height: 512 });
    expect(pngSize(renderPromptPng({ prompt: '猫 ünïcode', footer: 'f', width: 64, height: 64 }))).toEqual({ width: 64, height: 64 });
    expect(renderPromptPng({ prompt: 'a', footer: 'f' }).equals(renderPromptPng({ prompt: 'a', footer: 'f' }))).toBe(true);
  });

  it('derives image sizes from width/height, ratios and presets', () => {
    expect(imageSizeFor({})).toEqual({ width: 512, height: 512 });
    expect(imageSizeFor({ aspect_ratio: '9:16' })).toEqual({ width: 288, height: 512 });
    expect(imageSizeFor({ aspectRatio: '4:3' })).toEqual({ width: 512, height: 384 });
    expect(imageSizeFor({ image_size: 'portrait_4_3' })).toEqual({ width: 384, height: 512 });
    expect(imageSizeFor({ image_size: 'square_hd' })).toEqual({ width: 512, height: 512 });
    expect(imageSizeFor({ image_size: { width: 300, height: 200 } })).toEqual({ width: 300, height: 200 });
    expect(imageSizeFor({ width: 4096, height: 2048 })).toEqual({ width: 1024, height: 512 });
  });

  it('parses multipart bodies: quoted boundary, filename with quotes, binary data with CRLFs', () => {
    const boundary = boundaryOf('multipart/form-data; boundary="----abc 123"');
    expect(boundary).toBe('----abc 123');
    expect(boundaryOf('application/json')).toBeUndefined();
    const data = Buffer.from([0x0d, 0x0a, 0x2d, 0x2d, 0x00, 0xff]);
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\nhello\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x \\"y\\".png"\r\nContent-Type: image/png\r\n\r\n`),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const parts = parseMultipart(body, boundary!);
    expect(parts.map((p) => p.name)).toEqual(['a', 'file']);
    expect(parts[1]).toMatchObject({ filename: 'x "y".png', contentType: 'image/png' });
    expect(parts[1]!.data.equals(data)).toBe(true);
  });

  it('finds [sim:…] markers in nested strings', () => {
    expect([...markerFaults({ a: ['x [sim:fail]'], b: { c: '[sim:expired, moderation] [sim:nope]' } })].sort()).toEqual(['expired', 'fail', 'moderation']);
  });

  it('makes 19-digit task ids above 2^53 and 12-character fingerprints', () => {
    for (let i = 0; i < 50; i++) {
      const id = taskId();
      expect(id).toMatch(/^\d{19}$/);
      expect(BigInt(id) > 2n ** 53n).toBe(true);
    }
    expect(keyFingerprint('abc')).toBe('ba7816bf8f01');
  });
});

describe('weft simulate', () => {
  function capture(): { io: CliIo; out: () => string; err: () => string } {
    let out = '';
    let err = '';
    return { io: { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`), cwd: join(import.meta.dirname, '..') }, out: () => out, err: () => err };
  }

  it('prints help and is listed in the usage', async () => {
    const c = capture();
    expect(await main(['simulate', '--help'], c.io)).toBe(0);
    expect(c.out()).toMatch(/Usage: weft simulate/);
    expect(c.out()).toMatch(/drop_after_accept/);
    const u = capture();
    await main(['--help'], u.io);
    expect(u.out()).toMatch(/weft simulate/);
  });

  it('parses options and refuses bad ones', async () => {
    expect(parseSimulateArgs(['--port', '0', '--host=localhost', '--timing', 'realistic', '--fault', 'rate_limited:2,moderation', '--fault=expired'])).toEqual({
      port: 0,
      host: 'localhost',
      timing: 'realistic',
      faults: [{ fault: 'rate_limited', times: 2 }, { fault: 'moderation', times: null }, { fault: 'expired', times: null }],
    });
    for (const bad of [['--timing', 'slow'], ['--fault', 'meteor'], ['--fault', 'fail:0'], ['--port', 'x'], ['--wat'], ['--port']]) {
      const c = capture();
      expect(await main(['simulate', ...bad], c.io)).toBe(2);
      expect(c.err()).toMatch(/weft simulate: /);
    }
  });

  it('starts the simulator, says how to point Weft at it, and stops when asked', async () => {
    const c = capture();
    let url = '';
    const code = await runSimulate(['--port', '0', '--fault', 'server_error:1'], c.io, async (running) => {
      url = running.url;
      const first = await fetch(`${url}/v1/models/x/y`, { method: 'POST', headers: { Authorization: 'Bearer k' }, body: '{}' });
      expect(first.status).toBe(500);
    });
    expect(code).toBe(0);
    expect(c.out()).toContain(`RUNCOMFY_BASE_URL=${url} RUNNINGHUB_BASE_URL=${url}`);
    expect(c.out()).toContain('Faults: server_error:1');
    await expect(fetch(`${url}/__sim/calls`)).rejects.toThrow();
  });
});
