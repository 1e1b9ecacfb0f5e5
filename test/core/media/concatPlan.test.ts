import { describe, expect, it } from 'vitest';
import type { MediaInfo } from '../../../src/core/media/backend.ts';
import { planConcat } from '../../../src/core/media/concatPlan.ts';

const clip = (over: { video?: Partial<NonNullable<MediaInfo['video']>>; audio?: Partial<NonNullable<MediaInfo['audio']>> | null; duration?: number; mimeType?: string } = {}): MediaInfo => ({
  mimeType: over.mimeType ?? 'video/mp4',
  duration: over.duration ?? 5,
  video: { codec: 'avc', codecString: 'avc1.64001f', width: 1280, height: 720, fps: 24, configKey: 'k', ...over.video },
  ...(over.audio === null ? {} : { audio: { codec: 'aac', codecString: 'mp4a.40.2', sampleRate: 48000, channels: 2, configKey: 'a', ...over.audio } }),
});

describe('planConcat: copy when clips match, re-encode (and say why) when they do not', () => {
  it('copies clips with the same codec, size, settings and sound settings, keeping the first container', () => {
    const plan = planConcat([clip(), clip({ duration: 3 })], 'contain');
    expect(plan).toMatchObject({ mode: 'copy', audio: 'copy', width: 1280, height: 720, mimeType: 'video/mp4' });
    expect(plan.reason).toBeUndefined();
    expect(plan.clips.map((c) => c.duration)).toEqual([5, 3]);
  });

  it.each([
    ['another codec', clip({ video: { codec: 'vp9', configKey: 'v' } }), /clip 2 is vp9, clip 1 is avc/],
    ['another size', clip({ video: { width: 720, height: 1280 } }), /clip 2 is 720×1280, clip 1 is 1280×720/],
    ['other encoder settings', clip({ video: { configKey: 'other' } }), /different settings/],
    ['no sound where the first has some', clip({ audio: null }), /clip 2 has no sound/],
    ['other sound settings', clip({ audio: { configKey: 'b' } }), /sound was encoded with different settings/],
    ['another container', clip({ mimeType: 'video/quicktime' }), /video\/quicktime/],
  ])('re-encodes when a clip has %s', (_what, second, reason) => {
    const plan = planConcat([clip(), second], 'contain');
    expect(plan.mode).toBe('encode');
    expect(plan.reason).toMatch(reason);
  });

  it('re-encodes to the first clip\'s size and rate, fitting the others, with sound when any clip has it', () => {
    const plan = planConcat([clip({ audio: null }), clip({ video: { width: 720, height: 1280, fps: 30 }, duration: 2 })], 'contain');
    expect(plan).toMatchObject({ mode: 'encode', width: 1280, height: 720, fps: 24, audio: 'encode' });
    expect(plan.clips[0]).toMatchObject({ hasAudio: false, geometry: { target: { x: 0, y: 0, width: 1280, height: 720 } } });
    // A portrait clip letterboxed into landscape: centred, even offsets and sizes.
    expect(plan.clips[1]!.geometry.target).toEqual({ x: 438, y: 0, width: 404, height: 720 });
  });

  it('leaves sound out when no clip has any, and rounds an odd first size down to even when encoding', () => {
    const plan = planConcat([clip({ audio: null, video: { width: 161, height: 91 } }), clip({ audio: null, video: { codec: 'vp9' } })], 'cover');
    expect(plan).toMatchObject({ mode: 'encode', audio: 'none', width: 160, height: 90 });
  });

  it('refuses a clip without a video track, naming it', () => {
    const soundOnly: MediaInfo = { mimeType: 'audio/mpeg', duration: 3, audio: clip().audio! };
    expect(() => planConcat([clip(), soundOnly], 'contain')).toThrow('Clip 2 has no video track.');
  });
});
