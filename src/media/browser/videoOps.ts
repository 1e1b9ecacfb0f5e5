import { AudioBufferSource, CanvasSource, QUALITY_HIGH, VideoSampleSink, type Input } from 'mediabunny';
import type { ConcatRequest, MediaBytes, MediaInput, MediaOpOptions, TrimRequest } from '../../core/media/backend.ts';
import { CONCAT_AUDIO, type ConcatPlan } from '../../core/media/concatPlan.ts';
import { MediaError, throwIfCancelled } from '../../core/media/mediaError.ts';
import { openInput } from '../openInput.ts';
import { probeMedia } from '../probe.ts';
import { renderAudio, type AudioPart } from './audioRender.ts';
import { convert } from '../conversion.ts';
import { containerOf, finish, memoryOutput, VIDEO_MIME } from '../output.ts';
import { concatCopy, primaryTracks, trimCopy } from '../remux.ts';
import { chooseVideoCodecs } from './codecs.ts';
import { canvas2d } from './pictures.ts';

/**
 * Trimming and joining video in the browser: copies packets where the core's plan says they can be
 * copied, and otherwise decodes (WebCodecs), redraws into the plan's geometry and encodes again.
 */

/** Re-encoded: the picture from the frame at Start, the sound copied (to within one audio packet). */
export async function trimVideo(media: MediaInput, request: TrimRequest, options: MediaOpOptions): Promise<MediaBytes> {
  if (!request.exact) return trimCopy(media, request, options);
  const info = await probeMedia(media);
  const codecs = await chooseVideoCodecs(info.video!.width, info.video!.height, containerOf(info.mimeType));
  const input = openInput(media);
  const output = memoryOutput(codecs.container);
  try {
    await convert({
      input, output, tracks: 'primary', trim: { start: request.start, end: request.end },
      video: { forceTranscode: true, codec: codecs.video, quality: QUALITY_HIGH },
    }, options, { video: true, audio: Boolean(info.audio) });
    return { bytes: new Uint8Array(output.target.buffer!), mimeType: VIDEO_MIME[codecs.container] };
  } finally {
    input.dispose();
  }
}

async function concatEncode(inputs: Input[], media: readonly MediaInput[], plan: ConcatPlan, options: MediaOpOptions): Promise<MediaBytes> {
  const codecs = await chooseVideoCodecs(plan.width, plan.height);
  const output = memoryOutput(codecs.container);
  const { canvas, context } = canvas2d(plan.width, plan.height);
  const video = new CanvasSource(canvas, { codec: codecs.video, quality: QUALITY_HIGH, keyFrameInterval: 2 });
  output.addVideoTrack(video, { frameRate: plan.fps });
  const audio = plan.audio === 'none' ? undefined : new AudioBufferSource({ codec: codecs.audio, quality: QUALITY_HIGH });
  if (audio) output.addAudioTrack(audio);
  await output.start();
  const frames = plan.clips.map((c) => Math.max(1, Math.round(c.duration * plan.fps)));
  const total = frames.reduce((a, b) => a + b, 0);
  let done = 0;
  const parts: AudioPart[] = [];
  for (const [i, input] of inputs.entries()) {
    const clip = await primaryTracks(input);
    if (!(await clip.video.canDecode())) throw new MediaError('unsupported', `This browser cannot decode clip ${i + 1} (${clip.video.codec}). Run the graph with weft run instead.`);
    const { source: s, target: t } = plan.clips[i]!.geometry;
    const count = frames[i]!;
    // Frames are taken from the picture's own first frame (a file's earliest time may be its sound's).
    const first = await clip.video.getFirstTimestamp();
    const times = Array.from({ length: count }, (_, k) => first + k / plan.fps);
    let k = 0;
    for await (const sample of new VideoSampleSink(clip.video).samplesAtTimestamps(times)) {
      throwIfCancelled(options.signal);
      context.fillStyle = '#000';
      context.fillRect(0, 0, plan.width, plan.height);
      if (sample) {
        sample.draw(context, s.x, s.y, s.width, s.height, t.x, t.y, t.width, t.height);
        sample.close();
      }
      await video.add((done + k) / plan.fps, 1 / plan.fps);
      k++;
      options.onProgress?.((done + k) / total * 0.95);
    }
    if (clip.audio) parts.push({ media: media[i]!, at: done / plan.fps, from: first, until: first + count / plan.fps, gain: 1 });
    done += count;
  }
  if (audio) await audio.add(await renderAudio(parts, done / plan.fps, CONCAT_AUDIO));
  return finish(output, VIDEO_MIME[codecs.container]);
}

export async function concatVideos(media: readonly MediaInput[], { plan }: ConcatRequest, options: MediaOpOptions): Promise<MediaBytes> {
  if (plan.mode === 'copy') return concatCopy(media, plan, options);
  const inputs = media.map(openInput);
  try {
    return await concatEncode(inputs, media, plan, options);
  } finally {
    for (const input of inputs) input.dispose();
  }
}
