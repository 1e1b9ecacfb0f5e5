import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildShareLink, decodeSharePayload, encodeSharePayload, sharePayloadOf } from '../../../src/core/document/shareLink.ts';

const FIXTURE = readFileSync(new URL('../../fixtures/graphs/veo31-reference.weft.json', import.meta.url), 'utf8');

async function deflate(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const out = new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
  return Buffer.from(out).toString('base64url');
}

describe('share link payloads', () => {
  it('round-trip a graph file exactly, in URL-safe characters, smaller than the file', async () => {
    const payload = await encodeSharePayload(FIXTURE);
    expect(payload).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(payload.length).toBeLessThan(FIXTURE.length);
    await expect(decodeSharePayload(payload)).resolves.toEqual({ ok: true, text: FIXTURE });
  });

  it('round-trip non-ASCII text (emoji, CJK, RTL)', async () => {
    const text = '{"name":"猫と犬 🐕 שלום"}';
    await expect(decodeSharePayload(await encodeSharePayload(text))).resolves.toEqual({ ok: true, text });
  });

  it('refuse a payload longer than the cap before decoding anything', async () => {
    const result = await decodeSharePayload('A'.repeat(101), { maxEncodedChars: 100 });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/too long to open: its graph is 101 characters \(at most 100\)/) });
  });

  it('stop a decompression bomb while streaming, past the inflated cap', async () => {
    const bomb = await deflate(new Uint8Array(64 * 1024 * 1024)); // 64 MiB of zeros, ~64 KB deflated
    expect(bomb.length).toBeLessThan(120_000);
    const result = await decodeSharePayload(bomb, { maxInflatedBytes: 1024 * 1024 });
    expect(result).toEqual({ ok: false, error: "The link's graph is too large: it expands past 1 MiB, so it was not opened." });
    // Cut short, the same bomb still reads as too large, not as damaged: inflation stopped at the cap,
    // long before it reached the broken end.
    const cut = await decodeSharePayload(bomb.slice(0, Math.floor(bomb.length / 2)), { maxInflatedBytes: 1024 * 1024 });
    expect(cut).toMatchObject({ ok: false, error: expect.stringMatching(/too large/) });
  });

  it('refuse damaged payloads with a clear reason', async () => {
    const good = await encodeSharePayload(FIXTURE);
    await expect(decodeSharePayload('not base64!')).resolves.toMatchObject({ ok: false, error: expect.stringMatching(/not valid base64url/) });
    await expect(decodeSharePayload('')).resolves.toMatchObject({ ok: false, error: expect.stringMatching(/damaged/) });
    await expect(decodeSharePayload(good.slice(0, good.length / 2))).resolves.toMatchObject({ ok: false, error: expect.stringMatching(/could not be decompressed/) });
    await expect(decodeSharePayload(await deflate(new Uint8Array([0xff, 0xfe, 0x80])))).resolves.toMatchObject({ ok: false, error: expect.stringMatching(/not UTF-8/) });
  });

  it('find the payload only in a #graph= fragment and build links without an old fragment', () => {
    expect(sharePayloadOf('#graph=abc_-')).toBe('abc_-');
    expect(sharePayloadOf('graph=abc')).toBe('abc');
    expect(sharePayloadOf('#other=abc')).toBeNull();
    expect(sharePayloadOf('')).toBeNull();
    expect(buildShareLink('http://127.0.0.1:5173/#old', 'xyz')).toBe('http://127.0.0.1:5173/#graph=xyz');
  });
});
