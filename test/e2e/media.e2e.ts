import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startStaticServer, type RunningServer } from '../../src/server/static.ts';
import { ffprobe, loudness, near, pixel } from '../media/support/decode.ts';

/**
 * The browser media backend in Debian's headless Chromium: a page built from test/e2e/media runs the
 * nodes on fixture files (mediabunny + WebCodecs + canvas), and every output is decoded again — by
 * ffprobe/ffmpeg here (size, duration within one frame, sound, pixels) and by Chromium itself.
 */

const CONFIG = new URL('./media/vite.config.ts', import.meta.url).pathname;
let browser: Browser;
let page: Page;
let server: RunningServer;

type Wire = { kind: 'image' | 'video' | 'audio'; url: string; reader?: boolean } | { kind: 'number'; value: number };
interface Made { kind: string; mimeType: string; bytes: Uint8Array }

async function run(type: string, wires: Record<string, Wire[]>, values: Record<string, unknown> = {}, options: { abortAfterMs?: number } = {}, on: Page = page) {
  const result = await on.evaluate(([t, w, v, o]) => (window as unknown as { weftMedia: { run: (...a: unknown[]) => Promise<unknown> } }).weftMedia.run(t, w, v, o), [type, wires, values, options] as const);
  return result as { ok: true; outputs: Record<string, ({ kind: string; mimeType: string; base64: string } | { kind: string; value: unknown })[]>; progress: number[] } | { ok: false; code: string; field?: string; message: string };
}

async function made(type: string, wires: Record<string, Wire[]>, values: Record<string, unknown> = {}, on: Page = page): Promise<Made & { progress: number[] }> {
  const result = await run(type, wires, values, {}, on);
  if (!result.ok) throw new Error(`${type} failed: ${result.code}: ${result.message}`);
  const first = Object.values(result.outputs)[0]![0] as { kind: string; mimeType: string; base64: string };
  return { kind: first.kind, mimeType: first.mimeType, bytes: new Uint8Array(Buffer.from(first.base64, 'base64')), progress: result.progress };
}

async function playable(out: Made) {
  return page.evaluate(([b64, mime]) => (window as unknown as { weftMedia: { playable: (...a: unknown[]) => Promise<unknown> } }).weftMedia.playable(b64, mime), [Buffer.from(out.bytes).toString('base64'), out.mimeType] as const) as Promise<{
    frame: [number, number] | null; videoCodec: string | null; audioCodec: string | null; soundSeconds: number;
  }>;
}

const v = (name: string, reader = false): Wire => ({ kind: 'video', url: `./${name}`, reader });
const FRAME = 1 / 24;
const RED = [255, 0, 0];
const BLUE = [0, 0, 255];
const WHITE = [255, 255, 255];

beforeAll(async () => {
  await build({ configFile: CONFIG, logLevel: 'warn' });
  const { MEDIA_PAGE_OUT } = await import('./media/vite.config.ts');
  server = await startStaticServer({ root: MEDIA_PAGE_OUT, host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  page = await browser.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => Boolean((window as unknown as { weftMedia?: unknown }).weftMedia));
  await page.evaluate(() => (window as unknown as { weftMedia: { ready: Promise<boolean> } }).weftMedia.ready);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('browser media backend (Chromium, WebCodecs)', () => {
  it('takes the first, last and in-between frame of an H.264 clip, read by ranges', async () => {
    const first = await made('weft/video-frame', { video: [v('bands.mp4', true)] }, { frame: 'first' });
    const last = await made('weft/video-frame', { video: [v('bands.mp4', true)] }, { frame: 'last' });
    const at = await made('weft/video-frame', { video: [v('bands.mp4')] }, { frame: 'at', at: 1.2, format: 'jpeg' });
    expect([first.mimeType, last.mimeType, at.mimeType]).toEqual(['image/png', 'image/png', 'image/jpeg']);
    expect(ffprobe(first.bytes).video).toMatchObject({ codec: 'png', width: 160, height: 90 });
    expect(near(pixel(first.bytes, 80, 45), RED)).toBe(true);
    expect(near(pixel(last.bytes, 80, 45), WHITE)).toBe(true);
    expect(near(pixel(at.bytes, 80, 45), BLUE)).toBe(true);
  });

  it('takes the last frame of a VP9 WebM clip', async () => {
    const last = await made('weft/video-frame', { video: [v('clip.webm')] }, { frame: 'last' });
    expect(ffprobe(last.bytes).video).toMatchObject({ width: 160, height: 90 });
  });

  it('shows a clip with rotation metadata upright: frames, sizes and joins', async () => {
    const info = await run('weft/media-info', { media: [v('rotated.mp4')] });
    expect(info).toMatchObject({ ok: true, outputs: { width: [{ value: 90 }], height: [{ value: 160 }] } });
    const last = await made('weft/video-frame', { video: [v('rotated.mp4')] }, { frame: 'last' });
    expect(ffprobe(last.bytes).video).toMatchObject({ width: 90, height: 160 });
    expect(near(pixel(last.bytes, 45, 80), WHITE)).toBe(true);
    const joined = await made('weft/video-concat', { videos: [v('rotated.mp4'), v('bands.mp4')] });
    expect(ffprobe(joined.bytes).video).toMatchObject({ width: 90, height: 160 });
    expect(near(pixel(joined.bytes, 45, 10, 3), [0, 0, 0], 24)).toBe(true);
    expect(near(pixel(joined.bytes, 45, 80, 3), BLUE)).toBe(true);
  });

  it('trims frame-exactly: re-encoded picture from the exact frame, sound kept', async () => {
    const out = await made('weft/video-trim', { video: [v('bands.mp4')] }, { start: 1, end: 1.75 });
    const p = ffprobe(out.bytes);
    expect(p.video).toMatchObject({ width: 160, height: 90 });
    expect(Math.abs(p.video!.duration - 0.75)).toBeLessThanOrEqual(FRAME);
    expect(p.audio).toBeDefined();
    expect(near(pixel(out.bytes, 80, 45), BLUE)).toBe(true);
    expect(out.progress.length).toBeGreaterThan(0);
    expect((await playable(out)).frame).toEqual([160, 90]);
  });

  it('trims fast by copying, keeping WebM as WebM', async () => {
    const out = await made('weft/video-trim', { video: [v('clip.webm')] }, { start: 0.5, end: 1.5, exact: false });
    expect(out.mimeType).toBe('video/webm');
    const p = ffprobe(out.bytes);
    expect(p.video?.codec).toBe('vp9');
    expect(p.audio?.codec).toBe('opus');
    expect(p.duration).toBeGreaterThanOrEqual(1 - FRAME);
  });

  it('joins matching clips by copying their packets, in order', async () => {
    const out = await made('weft/video-concat', { videos: [v('pattern.mp4'), v('bands.mp4')] });
    const p = ffprobe(out.bytes);
    expect(out.mimeType).toBe('video/mp4');
    expect(p.video).toMatchObject({ codec: 'h264', width: 160, height: 90, frames: 96 });
    expect(Math.abs(p.video!.duration - 4)).toBeLessThanOrEqual(FRAME);
    expect(p.audio?.codec).toBe('aac');
    expect(near(pixel(out.bytes, 80, 45, 2.1), RED)).toBe(true);
    expect(near(pixel(out.bytes, 80, 45, 3.9), WHITE)).toBe(true);
  });

  it('joins differing clips by re-encoding to the first one\'s size, with silence under the silent one', async () => {
    const out = await made('weft/video-concat', { videos: [v('bands.mp4'), v('square-silent.mp4'), v('clip.webm')] });
    const p = ffprobe(out.bytes);
    expect(p.video).toMatchObject({ width: 160, height: 90 });
    expect(Math.abs(p.video!.duration - (2 + 1.5 + 2.007))).toBeLessThanOrEqual(FRAME);
    expect(p.audio).toBeDefined();
    expect(near(pixel(out.bytes, 4, 45, 2.7), [0, 0, 0], 24)).toBe(true);
    expect(loudness(out.bytes, 2.2, 3.3)).toBeLessThan(-60);
    expect(loudness(out.bytes, 0.2, 1.8)).toBeGreaterThan(-30);
    expect(loudness(out.bytes, 3.8, 5.3)).toBeGreaterThan(-30);
    const back = await playable(out);
    expect(back.frame).toEqual([160, 90]);
    expect(Math.abs(back.soundSeconds - p.video!.duration)).toBeLessThanOrEqual(0.05);
  });

  it('puts WAV audio under a silent video from an offset, for the video\'s length', async () => {
    const out = await made('weft/video-audio', { video: [v('square-silent.mp4')], audio: [{ kind: 'audio', url: './tone.wav' }] }, { offset: 0.5 });
    const p = ffprobe(out.bytes);
    expect(p.video).toMatchObject({ codec: 'h264', width: 128, height: 128 });
    expect(p.audio).toBeDefined();
    expect(Math.abs(p.duration - 1.5)).toBeLessThanOrEqual(0.05);
    expect(loudness(out.bytes, 0, 0.4)).toBeLessThan(-60);
    expect(loudness(out.bytes, 0.7, 1.4)).toBeGreaterThan(-30);
  });

  it('mixes MP3 audio into a video\'s own sound', async () => {
    const mixed = await made('weft/video-audio', { video: [v('pattern.mp4')], audio: [{ kind: 'audio', url: './tone.mp3' }] }, { mode: 'mix', offset: -0.5 });
    const replaced = await made('weft/video-audio', { video: [v('pattern.mp4')], audio: [{ kind: 'audio', url: './tone.mp3' }] }, { offset: -0.5 });
    expect(loudness(replaced.bytes, 1.2, 1.9)).toBeLessThan(-60);
    expect(loudness(mixed.bytes, 1.2, 1.9)).toBeGreaterThan(-30);
    expect(loudness(mixed.bytes, 0.1, 0.9)).toBeGreaterThan(loudness(mixed.bytes, 1.2, 1.9));
  });

  it('extracts sound by copying (AAC → .m4a, Opus → .ogg) or as WAV', async () => {
    const m4a = await made('weft/audio-extract', { video: [v('pattern.mp4')] });
    expect(m4a.mimeType).toBe('audio/mp4');
    expect(ffprobe(m4a.bytes)).toMatchObject({ audio: { codec: 'aac' } });
    const ogg = await made('weft/audio-extract', { video: [v('clip.webm')] });
    expect(ffprobe(ogg.bytes).audio?.codec).toBe('opus');
    const wav = await made('weft/audio-extract', { video: [v('clip.webm')] }, { format: 'wav' });
    expect(ffprobe(wav.bytes).audio).toMatchObject({ codec: 'pcm_s16le', channels: 1 });
    expect(Math.abs(ffprobe(wav.bytes).duration - 2)).toBeLessThanOrEqual(0.05);
  });

  it('fits images: padded with a colour, cropped to a ratio, transparent padding in PNG', async () => {
    const padded = await made('weft/image-fit', { image: [{ kind: 'image', url: './photo.jpg' }] }, { width: 100, height: 100, fit: 'contain', background: '#ff0000' });
    expect(padded.mimeType).toBe('image/jpeg');
    expect(ffprobe(padded.bytes).video).toMatchObject({ width: 100, height: 100 });
    expect(near(pixel(padded.bytes, 50, 5), RED)).toBe(true);
    const cropped = await made('weft/image-fit', { image: [{ kind: 'image', url: './still.png' }] }, { aspect: '1:1' });
    expect(ffprobe(cropped.bytes).video).toMatchObject({ width: 48, height: 48 });
    const clear = await made('weft/image-fit', { image: [{ kind: 'image', url: './still.png' }] }, { aspect: '1:1', fit: 'contain', background: 'transparent' });
    expect(pixel(clear.bytes, 32, 2)[3]).toBe(0);
    expect(pixel(clear.bytes, 32, 32)[3]).toBe(255);
  });

  it('reports media info from the browser probe', async () => {
    const result = await run('weft/media-info', { media: [v('clip.webm')] });
    expect(result).toMatchObject({ ok: true, outputs: { width: [{ value: 160 }], height: [{ value: 90 }], hasAudio: [{ value: true }] } });
  });

  it('says plainly when this browser cannot decode a clip (HEVC here), pointing to weft run', async () => {
    const result = await run('weft/video-frame', { video: [v('hevc.mp4')] }, { frame: 'last' });
    expect(result).toMatchObject({ ok: false, code: 'unsupported', message: expect.stringMatching(/cannot decode .*weft run/) });
  });

  it('falls back to VP9 in WebM where the browser has no H.264 encoder (as some Linux builds)', async () => {
    const bare = await browser.newPage();
    try {
      await bare.addInitScript(() => {
        const original = VideoEncoder.isConfigSupported.bind(VideoEncoder);
        VideoEncoder.isConfigSupported = (config) => (config.codec.startsWith('avc') ? Promise.resolve({ supported: false, config }) : original(config));
      });
      await bare.goto(server.url);
      await bare.waitForFunction(() => Boolean((window as unknown as { weftMedia?: unknown }).weftMedia));
      const trimmed = await made('weft/video-trim', { video: [v('bands.mp4')] }, { start: 1, end: 1.75 }, bare);
      expect(trimmed.mimeType).toBe('video/webm');
      const p = ffprobe(trimmed.bytes);
      expect(p.video).toMatchObject({ codec: 'vp9', width: 160, height: 90 });
      expect(Math.abs(p.duration - 0.75)).toBeLessThanOrEqual(0.05);
      expect(near(pixel(trimmed.bytes, 80, 45), BLUE)).toBe(true);
      const joined = await made('weft/video-concat', { videos: [v('bands.mp4'), v('square-silent.mp4')] }, {}, bare);
      expect(joined.mimeType).toBe('video/webm');
      expect(ffprobe(joined.bytes)).toMatchObject({ video: { codec: 'vp9' }, audio: { codec: 'opus' } });
    } finally {
      await bare.close();
    }
  });

  it('refuses a time past the end with the field named, and cancels a long join', async () => {
    expect(await run('weft/video-frame', { video: [v('bands.mp4')] }, { frame: 'at', at: 5 })).toMatchObject({ ok: false, code: 'invalid_input', field: 'at' });
    expect(await run('weft/video-concat', { videos: [v('bands.mp4'), v('square-silent.mp4'), v('clip.webm')] }, {}, { abortAfterMs: 30 })).toMatchObject({ ok: false, code: 'cancelled' });
  });
});
