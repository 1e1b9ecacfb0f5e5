import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { MediaInput } from '../../../src/core/media/backend.ts';
import { runLocalMediaNode, type LocalInput, type LocalOutputs } from '../../../src/core/media/runLocalMediaNode.ts';
import { FfmpegBackend } from '../../../src/media/node/ffmpegBackend.ts';
import { ffprobe, fixture, loudness, near, pixel } from '../support/decode.ts';
import { withOrientation } from '../support/exif.ts';

/**
 * The Node backend on real files: every output is decoded again by ffmpeg/ffprobe and checked for
 * size, duration (within one frame), sound, and the pixels that say which frame or region it is.
 */
const backend = new FfmpegBackend();
const FRAME = 1 / 24;
const RED = [255, 0, 0];
const BLUE = [0, 0, 255];
const WHITE = [255, 255, 255];
const BLACK = [0, 0, 0];

const file = (kind: 'video' | 'audio' | 'image', name: string): LocalInput => ({ kind, media: { bytes: fixture(name), mimeType: `${kind}/*` } });
/** The same file as a reader that serves byte ranges, as the executor's blob store will. */
const reader = (kind: 'video', name: string): LocalInput => {
  const bytes = fixture(name);
  const media: MediaInput = { size: bytes.length, mimeType: 'video/mp4', read: async (s, e) => bytes.slice(s, e) };
  return { kind, media };
};
const run = (type: string, inputs: Record<string, LocalInput[]>, values: Record<string, unknown> = {}) => runLocalMediaNode(type, inputs, values, backend);
const bytesOf = (out: LocalOutputs, port: string) => {
  const v = out[port]![0]!;
  if (!('bytes' in v)) throw new Error(`${port} is not media`);
  return v;
};

describe('Node media backend (system ffmpeg) on real files', { timeout: 60_000 }, () => {
  it('takes the first, last and in-between frame of an H.264 clip as PNG or JPEG', async () => {
    const first = bytesOf(await run('weft/video-frame', { video: [file('video', 'bands.mp4')] }, { frame: 'first' }), 'image');
    const last = bytesOf(await run('weft/video-frame', { video: [file('video', 'bands.mp4')] }, { frame: 'last' }), 'image');
    const at = bytesOf(await run('weft/video-frame', { video: [file('video', 'bands.mp4')] }, { frame: 'at', at: 1.2, format: 'jpeg' }), 'image');
    expect([first.mimeType, last.mimeType, at.mimeType]).toEqual(['image/png', 'image/png', 'image/jpeg']);
    expect(ffprobe(first.bytes).video).toMatchObject({ codec: 'png', width: 160, height: 90 });
    expect(ffprobe(at.bytes).video).toMatchObject({ codec: 'mjpeg', width: 160, height: 90 });
    expect(near(pixel(first.bytes, 80, 45), RED)).toBe(true);
    expect(near(pixel(last.bytes, 80, 45), WHITE)).toBe(true);
    expect(near(pixel(at.bytes, 80, 45), BLUE)).toBe(true);
  });

  it('picks the frame on screen at a time: the last one starting at or before it', async () => {
    // Blue runs 1.0–1.5 s; the frame starting at 1.5 is white. 1.499 s is still blue.
    const before = bytesOf(await run('weft/video-frame', { video: [file('video', 'bands.mp4')] }, { frame: 'at', at: 1.499 }), 'image');
    const on = bytesOf(await run('weft/video-frame', { video: [file('video', 'bands.mp4')] }, { frame: 'at', at: 1.5 }), 'image');
    expect(near(pixel(before.bytes, 10, 10), BLUE)).toBe(true);
    expect(near(pixel(on.bytes, 10, 10), WHITE)).toBe(true);
  });

  it('takes the last frame of VP9 WebM and HEVC clips, and of one read through a range reader', async () => {
    const out = bytesOf(await run('weft/video-frame', { video: [file('video', 'clip.webm')] }, { frame: 'last' }), 'image');
    expect(ffprobe(out.bytes).video).toMatchObject({ width: 160, height: 90 });
    const hevc = bytesOf(await run('weft/video-frame', { video: [file('video', 'hevc.mp4')] }, { frame: 'last' }), 'image'); // a codec Chromium lacks
    expect(ffprobe(hevc.bytes).video).toMatchObject({ width: 160, height: 90 });
    const viaReader = bytesOf(await run('weft/video-frame', { video: [reader('video', 'bands.mp4')] }, { frame: 'last' }), 'image');
    expect(near(pixel(viaReader.bytes, 80, 45), WHITE)).toBe(true);
  });

  it('shows a clip with rotation metadata upright: frames, sizes and joins', async () => {
    const rotated = file('video', 'rotated.mp4');
    const info = await run('weft/media-info', { media: [rotated] });
    expect([info.width![0], info.height![0]]).toEqual([{ kind: 'integer', value: 90 }, { kind: 'integer', value: 160 }]);
    const last = bytesOf(await run('weft/video-frame', { video: [rotated] }, { frame: 'last' }), 'image');
    expect(ffprobe(last.bytes).video).toMatchObject({ width: 90, height: 160 });
    expect(near(pixel(last.bytes, 45, 80), WHITE)).toBe(true);
    const joined = bytesOf(await run('weft/video-concat', { videos: [rotated, file('video', 'bands.mp4')] }), 'video');
    expect(ffprobe(joined.bytes).video).toMatchObject({ width: 90, height: 160 });
    expect(near(pixel(joined.bytes, 45, 10, 3), BLACK, 24)).toBe(true); // the landscape clip is letterboxed
    expect(near(pixel(joined.bytes, 45, 80, 3), BLUE)).toBe(true);
  });

  it('trims frame-exactly by re-encoding to H.264/AAC MP4', async () => {
    const out = bytesOf(await run('weft/video-trim', { video: [file('video', 'bands.mp4')] }, { start: 1, end: 1.75 }), 'video');
    const p = ffprobe(out.bytes);
    expect(out.mimeType).toBe('video/mp4');
    expect(p.video).toMatchObject({ codec: 'h264', width: 160, height: 90 });
    expect(Math.abs(p.video!.duration - 0.75)).toBeLessThanOrEqual(FRAME);
    expect(p.audio?.codec).toBe('aac');
    expect(near(pixel(out.bytes, 80, 45), BLUE)).toBe(true); // starts on the blue band, not the key frame before it
    expect(near(pixel(out.bytes, 80, 45, 0.6), WHITE)).toBe(true);
  });

  it('trims fast without re-encoding: packets from the key frame before Start ride along before time 0', async () => {
    // bands.mp4 has key frames each second; 0.75 s is green, and the key frame before it (0 s) is red.
    const mp4 = bytesOf(await run('weft/video-trim', { video: [file('video', 'bands.mp4')] }, { start: 0.75, end: 1.75, exact: false }), 'video');
    expect(mp4.mimeType).toBe('video/mp4');
    expect(ffprobe(mp4.bytes).video?.codec).toBe('h264');
    expect(near(pixel(mp4.bytes, 80, 45), [0, 255, 0])).toBe(true); // shows Start, not the key frame
    const webm = bytesOf(await run('weft/video-trim', { video: [file('video', 'clip.webm')] }, { start: 0.5, end: 1.5, exact: false }), 'video');
    const p = ffprobe(webm.bytes);
    expect(webm.mimeType).toBe('video/webm');
    expect([p.video?.codec, p.audio?.codec]).toEqual(['vp9', 'opus']);
    expect(Math.abs(p.duration - 1)).toBeLessThanOrEqual(FRAME);
    expect(p.video!.frames).toBe(36); // 0–1.5 s: the 12 frames before Start are kept, not re-encoded
  });

  it('joins matching clips by copying, in wire order', async () => {
    const out = bytesOf(await run('weft/video-concat', { videos: [file('video', 'pattern.mp4'), file('video', 'bands.mp4')] }), 'video');
    const p = ffprobe(out.bytes);
    expect(p.video).toMatchObject({ codec: 'h264', width: 160, height: 90, frames: 96 });
    expect(Math.abs(p.video!.duration - 4)).toBeLessThanOrEqual(FRAME);
    expect(p.audio?.codec).toBe('aac');
    expect(near(pixel(out.bytes, 80, 45, 2.1), RED)).toBe(true); // bands.mp4 begins at 2 s
    expect(near(pixel(out.bytes, 80, 45, 3.9), WHITE)).toBe(true);
  });

  it('joins differing clips by re-encoding to the first one\'s size, padding the others, with silence where a clip has none', async () => {
    const out = bytesOf(await run('weft/video-concat', { videos: [file('video', 'bands.mp4'), file('video', 'square-silent.mp4'), file('video', 'clip.webm')] }), 'video');
    const p = ffprobe(out.bytes);
    expect(p.video).toMatchObject({ codec: 'h264', width: 160, height: 90 });
    expect(Math.abs(p.video!.duration - (2 + 1.5 + 2.007))).toBeLessThanOrEqual(FRAME);
    expect(p.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 });
    expect(Math.abs(p.audio!.duration - p.video!.duration)).toBeLessThanOrEqual(0.05);
    expect(near(pixel(out.bytes, 4, 45, 2.7), BLACK, 24)).toBe(true); // the square clip is letterboxed
    expect(loudness(out.bytes, 2.2, 3.3)).toBeLessThan(-60); // …and silent
    expect(loudness(out.bytes, 0.2, 1.8)).toBeGreaterThan(-30);
    expect(loudness(out.bytes, 3.8, 5.3)).toBeGreaterThan(-30);
  });

  it('puts audio under a silent video from an offset, cut to the video\'s length', async () => {
    const out = bytesOf(await run('weft/video-audio', { video: [file('video', 'square-silent.mp4')], audio: [file('audio', 'tone.wav')] }, { offset: 0.5 }), 'video');
    const p = ffprobe(out.bytes);
    expect(p.video).toMatchObject({ codec: 'h264', width: 128, height: 128 });
    expect(p.audio?.codec).toBe('aac');
    expect(Math.abs(p.duration - 1.5)).toBeLessThanOrEqual(1 / 30);
    expect(loudness(out.bytes, 0, 0.4)).toBeLessThan(-60);
    expect(loudness(out.bytes, 0.7, 1.4)).toBeGreaterThan(-30);
  });

  it('mixes audio into a video\'s own sound (louder than either alone), skipping the audio\'s start for a negative offset', async () => {
    const mixed = bytesOf(await run('weft/video-audio', { video: [file('video', 'pattern.mp4')], audio: [file('audio', 'tone.mp3')] }, { mode: 'mix', offset: -0.5 }), 'video');
    const replaced = bytesOf(await run('weft/video-audio', { video: [file('video', 'pattern.mp4')], audio: [file('audio', 'tone.mp3')] }, { mode: 'replace', offset: -0.5 }), 'video');
    expect(Math.abs(ffprobe(mixed.bytes).duration - 2)).toBeLessThanOrEqual(FRAME);
    // The MP3 has 1 s left after skipping 0.5 s: after that, the mix is the video's own tone and the replacement is silence.
    expect(loudness(replaced.bytes, 1.2, 1.9)).toBeLessThan(-60);
    expect(loudness(mixed.bytes, 1.2, 1.9)).toBeGreaterThan(-30);
    expect(loudness(mixed.bytes, 0.1, 0.9)).toBeGreaterThan(loudness(mixed.bytes, 1.2, 1.9));
  });

  it('extracts sound by copying it into its own container, or as WAV', async () => {
    const m4a = bytesOf(await run('weft/audio-extract', { video: [file('video', 'pattern.mp4')] }), 'audio');
    expect(m4a.mimeType).toBe('audio/mp4');
    expect(ffprobe(m4a.bytes)).toMatchObject({ audio: { codec: 'aac', channels: 2 } });
    expect(ffprobe(m4a.bytes).video).toBeUndefined();
    const ogg = bytesOf(await run('weft/audio-extract', { video: [file('video', 'clip.webm')] }), 'audio');
    expect(ogg.mimeType).toBe('audio/ogg');
    expect(ffprobe(ogg.bytes).audio?.codec).toBe('opus');
    const wav = bytesOf(await run('weft/audio-extract', { video: [file('video', 'clip.webm')] }, { format: 'wav' }), 'audio');
    expect(wav.mimeType).toBe('audio/wav');
    const w = ffprobe(wav.bytes);
    expect(w.audio).toMatchObject({ codec: 'pcm_s16le', sampleRate: 48000, channels: 1 });
    expect(Math.abs(w.duration - 2)).toBeLessThanOrEqual(0.05);
  });

  it('fits an image: pads with a colour, crops to an aspect ratio, keeps transparency in PNG', async () => {
    const padded = bytesOf(await run('weft/image-fit', { image: [file('image', 'photo.jpg')] }, { width: 100, height: 100, fit: 'contain', background: '#ff0000' }), 'image');
    expect(padded.mimeType).toBe('image/jpeg');
    expect(ffprobe(padded.bytes).video).toMatchObject({ width: 100, height: 100 });
    expect(near(pixel(padded.bytes, 50, 5), RED)).toBe(true);
    const cropped = bytesOf(await run('weft/image-fit', { image: [file('image', 'still.png')] }, { aspect: '1:1' }), 'image');
    expect(ffprobe(cropped.bytes).video).toMatchObject({ codec: 'png', width: 48, height: 48 });
    const clear = bytesOf(await run('weft/image-fit', { image: [file('image', 'still.png')] }, { aspect: '1:1', fit: 'contain', background: 'transparent' }), 'image');
    expect(ffprobe(clear.bytes).video).toMatchObject({ width: 64, height: 64 });
    expect(pixel(clear.bytes, 32, 2)[3]).toBe(0);
    expect(pixel(clear.bytes, 32, 32)[3]).toBe(255);
  });

  it('turns a phone photo the way its EXIF says before fitting it', async () => {
    const turned: LocalInput = { kind: 'image', media: { bytes: withOrientation(fixture('photo.jpg'), 6), mimeType: 'image/jpeg' } };
    const out = bytesOf(await run('weft/image-fit', { image: [turned] }, { width: 30 }), 'image');
    expect(ffprobe(out.bytes).video).toMatchObject({ width: 30, height: 40 });
  });

  it('probes MP4, WebM, WAV and MP3 without ffmpeg, and refuses a file that is not media', async () => {
    const info = await backend.probe({ bytes: fixture('clip.webm'), mimeType: 'video/webm' });
    expect(info).toMatchObject({ mimeType: 'video/webm', video: { codec: 'vp9', width: 160, height: 90 }, audio: { codec: 'opus', channels: 1 } });
    expect(await backend.probe({ bytes: fixture('tone.mp3'), mimeType: 'audio/mpeg' })).toMatchObject({ mimeType: 'audio/mpeg', audio: { codec: 'mp3', sampleRate: 44100 } });
    expect((await backend.probe({ bytes: fixture('tone.wav'), mimeType: 'audio/wav' })).duration).toBeCloseTo(1.5, 3);
    await expect(backend.probe({ bytes: new TextEncoder().encode('<html>404</html>'), mimeType: 'video/mp4' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(backend.probe({ bytes: fixture('bands.mp4').slice(0, 2000), mimeType: 'video/mp4' })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('says how to install ffmpeg when there is none', async () => {
    const missing = new FfmpegBackend('/nonexistent/ffmpeg');
    await expect(runLocalMediaNode('weft/video-frame', { video: [file('video', 'bands.mp4')] }, {}, missing)).rejects.toMatchObject({
      code: 'missing_tool', message: expect.stringMatching(/needs ffmpeg .*apt-get install ffmpeg.*WEFT_FFMPEG/),
    });
  });

  it('joins matching clips, trims fast, extracts sound and reads info with no ffmpeg at all (packets are only moved)', async () => {
    const without = new FfmpegBackend('/nonexistent/ffmpeg');
    const go = (type: string, inputs: Record<string, LocalInput[]>, values: Record<string, unknown> = {}) => runLocalMediaNode(type, inputs, values, without);
    const joined = bytesOf(await go('weft/video-concat', { videos: [file('video', 'bands.mp4'), file('video', 'pattern.mp4')] }), 'video');
    expect(Math.abs(ffprobe(joined.bytes).video!.duration - 4)).toBeLessThanOrEqual(FRAME);
    expect(ffprobe(bytesOf(await go('weft/video-trim', { video: [file('video', 'bands.mp4')] }, { start: 1, exact: false }), 'video').bytes).video?.codec).toBe('h264');
    expect(ffprobe(bytesOf(await go('weft/audio-extract', { video: [file('video', 'bands.mp4')] }), 'audio').bytes).audio?.codec).toBe('aac');
    expect((await go('weft/media-info', { media: [file('video', 'bands.mp4')] })).duration).toEqual([{ kind: 'number', value: 2 }]);
    await expect(go('weft/video-trim', { video: [file('video', 'bands.mp4')] }, { start: 1 })).rejects.toMatchObject({ code: 'missing_tool' });
  });

  it('stops ffmpeg when cancelled and leaves no temporary files', async () => {
    const left = () => readdirSync(tmpdir()).filter((n) => n.startsWith('weft-media-') && !n.startsWith('weft-media-check')).length;
    const before = left();
    const controller = new AbortController();
    const videos = [file('video', 'bands.mp4'), file('video', 'square-silent.mp4'), file('video', 'clip.webm')];
    const running = runLocalMediaNode('weft/video-concat', { videos }, {}, backend, { signal: controller.signal, onProgress: () => controller.abort() });
    setTimeout(() => controller.abort(), 50);
    await expect(running).rejects.toMatchObject({ code: 'cancelled' });
    expect(left()).toBe(before);
  });
});
