import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MediaBackend, MediaInfo, MediaInput } from '../../../src/core/media/backend.ts';
import { MediaError } from '../../../src/core/media/mediaError.ts';
import { runLocalMediaNode, type LocalInput } from '../../../src/core/media/runLocalMediaNode.ts';

const png = new Uint8Array(readFileSync(new URL('../../fixtures/media/still.png', import.meta.url)));

const video = (over: Partial<MediaInfo> = {}): MediaInfo => ({
  mimeType: 'video/mp4', duration: 4,
  video: { codec: 'avc', codecString: 'avc1.64001f', width: 1280, height: 720, fps: 24, configKey: 'v' },
  audio: { codec: 'aac', codecString: 'mp4a.40.2', sampleRate: 48000, channels: 2, configKey: 'a' },
  ...over,
});

/** A backend that records what the core asked of it; each media input's bytes name the MediaInfo it probes as. */
function fakeBackend(infos: Record<string, MediaInfo>) {
  const calls: { op: string; request: unknown }[] = [];
  const info = (input: MediaInput) => infos[new TextDecoder().decode((input as { bytes: Uint8Array }).bytes)] ?? video();
  const out = (op: string, mimeType: string) => async (...args: unknown[]) => {
    calls.push({ op, request: args.find((a, i) => i > 0 && a && typeof a === 'object' && !('bytes' in a) && !Array.isArray(a)) });
    return { bytes: new Uint8Array([1, 2, 3]), mimeType };
  };
  const backend: MediaBackend = {
    name: 'fake',
    probe: async (input) => info(input),
    frame: out('frame', 'image/png'),
    trim: out('trim', 'video/mp4'),
    concat: out('concat', 'video/mp4'),
    muxAudio: out('muxAudio', 'video/mp4'),
    extractAudio: out('extractAudio', 'audio/mp4'),
    fitImage: out('fitImage', 'image/png'),
  };
  return { backend, calls };
}

const media = (kind: 'video' | 'audio' | 'image', name: string): LocalInput => ({ kind, media: { bytes: new TextEncoder().encode(name), mimeType: `${kind}/x` } });
const failure = async (p: Promise<unknown>) => p.then(() => { throw new Error('expected a MediaError'); }, (e: MediaError) => e);

describe('runLocalMediaNode', () => {
  it('asks for the frame the node says and outputs an image', async () => {
    const { backend, calls } = fakeBackend({});
    const out = await runLocalMediaNode('weft/video-frame', { video: [media('video', 'v')] }, {}, backend);
    expect(calls).toEqual([{ op: 'frame', request: { position: { kind: 'last' }, format: 'png' } }]);
    expect(out.image).toEqual([{ kind: 'image', bytes: new Uint8Array([1, 2, 3]), mimeType: 'image/png' }]);
  });

  it('lets a wire override the widget (a number wired into "at")', async () => {
    const { backend, calls } = fakeBackend({});
    await runLocalMediaNode('weft/video-frame', { video: [media('video', 'v')], at: [{ kind: 'number', value: 2.5 }] }, { frame: 'at', at: 1 }, backend);
    expect(calls[0]!.request).toEqual({ position: { kind: 'at', seconds: 2.5 }, format: 'png' });
  });

  it('refuses a time past the end of the actual clip, naming the field, before any decoding', async () => {
    const { backend, calls } = fakeBackend({});
    const error = await failure(runLocalMediaNode('weft/video-frame', { video: [media('video', 'v')] }, { frame: 'at', at: 9 }, backend));
    expect(error).toMatchObject({ code: 'invalid_input', field: 'at', message: 'At (9 s) is past the end of the video (4 s).' });
    expect(calls).toEqual([]);
  });

  it('re-checks the values like planning does (a bad value never reaches the backend)', async () => {
    const { backend, calls } = fakeBackend({});
    const error = await failure(runLocalMediaNode('weft/video-trim', { video: [media('video', 'v')] }, { start: 3, end: 1 }, backend));
    expect(error).toMatchObject({ code: 'invalid_input', field: 'end' });
    expect(calls).toEqual([]);
  });

  it('clamps a trim end past the clip to its end, and refuses a start at or past it', async () => {
    const { backend, calls } = fakeBackend({});
    await runLocalMediaNode('weft/video-trim', { video: [media('video', 'v')] }, { start: 1, end: 60, exact: false }, backend);
    expect(calls[0]!.request).toEqual({ start: 1, end: 4, exact: false });
    const error = await failure(runLocalMediaNode('weft/video-trim', { video: [media('video', 'v')] }, { start: 4 }, backend));
    expect(error.message).toBe('Start (4 s) is at or past the end of the video (4 s).');
  });

  it('plans a join from the clips\' probes and passes the plan on', async () => {
    const { backend, calls } = fakeBackend({ b: video({ duration: 2, video: { ...video().video!, width: 720, height: 1280 } }) });
    await runLocalMediaNode('weft/video-concat', { videos: [media('video', 'a'), media('video', 'b')] }, {}, backend);
    expect(calls[0]!.request).toMatchObject({ plan: { mode: 'encode', reason: 'clip 2 is 720×1280, clip 1 is 1280×720', width: 1280, height: 720 } });
  });

  it('puts audio under a video for the video\'s length, and refuses an offset that hides all of it', async () => {
    const { backend, calls } = fakeBackend({ song: { mimeType: 'audio/mpeg', duration: 3, audio: video().audio! }, silent: video({ audio: undefined }) });
    await runLocalMediaNode('weft/video-audio', { video: [media('video', 'silent')], audio: [media('audio', 'song')] }, { mode: 'mix', offset: -1, volume: 0.5 }, backend);
    expect(calls[0]!.request).toEqual({ mode: 'mix', offset: -1, volume: 0.5, duration: 4, videoHasAudio: false });
    const late = await failure(runLocalMediaNode('weft/video-audio', { video: [media('video', 'silent')], audio: [media('audio', 'song')] }, { offset: 4 }, backend));
    expect(late).toMatchObject({ field: 'offset', message: expect.stringMatching(/past the end of the video/) });
    const early = await failure(runLocalMediaNode('weft/video-audio', { video: [media('video', 'silent')], audio: [media('audio', 'song')] }, { offset: -3 }, backend));
    expect(early.message).toBe('Offset (-3 s) skips all of the audio (3 s).');
    const noSound = await failure(runLocalMediaNode('weft/video-audio', { video: [media('video', 'silent')], audio: [media('audio', 'silent')] }, {}, backend));
    expect(noSound).toMatchObject({ field: 'audio', message: 'The audio input has no sound track.' });
  });

  it('extracts sound into the container its codec belongs in, or says there is none', async () => {
    const { backend, calls } = fakeBackend({ silent: video({ audio: undefined }) });
    await runLocalMediaNode('weft/audio-extract', { video: [media('video', 'v')] }, {}, backend);
    expect(calls[0]!.request).toEqual({ container: { name: 'm4a', mimeType: 'audio/mp4', copy: true } });
    const error = await failure(runLocalMediaNode('weft/audio-extract', { video: [media('video', 'silent')] }, {}, backend));
    expect(error.message).toBe('This file has no sound to extract.');
  });

  it('fits an image with the geometry computed in core, and hands back an image that needs nothing unchanged', async () => {
    const { backend, calls } = fakeBackend({});
    const image: LocalInput = { kind: 'image', media: { bytes: png, mimeType: 'image/png' } };
    await runLocalMediaNode('weft/image-fit', { image: [image] }, { width: 32, height: 32, fit: 'contain' }, backend);
    expect(calls[0]!.request).toEqual({
      geometry: { width: 32, height: 32, source: { x: 0, y: 0, width: 64, height: 48 }, target: { x: 0, y: 4, width: 32, height: 24 } },
      format: 'png', background: [0, 0, 0, 255],
    });
    const same = await runLocalMediaNode('weft/image-fit', { image: [image] }, { width: 64 }, backend);
    expect(same.image![0]).toMatchObject({ bytes: png, mimeType: 'image/png' });
    expect(calls).toHaveLength(1);
  });

  it('reads media info from an image header without a backend, and from a probe for video', async () => {
    const image = await runLocalMediaNode('weft/media-info', { media: [{ kind: 'image', media: { size: png.length, mimeType: 'image/png', read: async (s, e) => png.slice(s, e) } }] }, {}, undefined);
    expect(image).toEqual({
      width: [{ kind: 'integer', value: 64 }], height: [{ kind: 'integer', value: 48 }], duration: [{ kind: 'number', value: 0 }],
      fps: [{ kind: 'number', value: 0 }], hasAudio: [{ kind: 'boolean', value: false }],
    });
    const { backend } = fakeBackend({});
    const clip = await runLocalMediaNode('weft/media-info', { media: [media('video', 'v')] }, {}, backend);
    expect([clip.width![0], clip.duration![0], clip.fps![0], clip.hasAudio![0]]).toEqual([
      { kind: 'integer', value: 1280 }, { kind: 'number', value: 4 }, { kind: 'number', value: 24 }, { kind: 'boolean', value: true },
    ]);
  });

  it('joins and splits texts with no backend at all', async () => {
    const joined = await runLocalMediaNode('weft/text-join', { texts: [{ kind: 'text', text: 'a' }, { kind: 'number', value: 2 }] }, { separator: ', ' }, undefined);
    expect(joined).toEqual({ text: [{ kind: 'text', text: 'a, 2' }] });
    const split = await runLocalMediaNode('weft/text-split', { text: [{ kind: 'text', text: 'one\ntwo\n\n' }] }, {}, undefined);
    expect(split).toEqual({ texts: [{ kind: 'text', text: 'one' }, { kind: 'text', text: 'two' }] });
  });

  it('says clearly when media work has no backend, and when a type is not a media node', async () => {
    await expect(runLocalMediaNode('weft/video-frame', { video: [media('video', 'v')] }, {}, undefined)).rejects.toMatchObject({ code: 'missing_tool' });
    await expect(runLocalMediaNode('weft/text', {}, {}, undefined)).rejects.toThrow('"weft/text" is not a local media node.');
  });

  it('turns a backend crash into a failed MediaError, and an abort into cancelled', async () => {
    const { backend } = fakeBackend({});
    backend.frame = async () => { throw new TypeError('decoder exploded'); };
    await expect(runLocalMediaNode('weft/video-frame', { video: [media('video', 'v')] }, {}, backend)).rejects.toMatchObject({ code: 'failed', message: 'Video frame failed: decoder exploded' });
    const controller = new AbortController();
    backend.frame = async () => { controller.abort(); throw new Error('killed'); };
    await expect(runLocalMediaNode('weft/video-frame', { video: [media('video', 'v')] }, {}, backend, { signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
    await expect(runLocalMediaNode('weft/video-frame', { video: [media('video', 'v')] }, {}, backend, { signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('reports progress only forwards, clamped to 0..1', async () => {
    const { backend } = fakeBackend({});
    backend.trim = async (_i, _r, o) => {
      for (const f of [0.2, 0.1, Number.NaN, 0.6, 3]) o?.onProgress?.(f);
      return { bytes: new Uint8Array(1), mimeType: 'video/mp4' };
    };
    const seen: number[] = [];
    await runLocalMediaNode('weft/video-trim', { video: [media('video', 'v')] }, {}, backend, { onProgress: (f) => seen.push(f) });
    expect(seen).toEqual([0.2, 0.6, 1]);
  });
});
