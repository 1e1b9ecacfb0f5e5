import { EncodedAudioPacketSource, EncodedVideoPacketSource, type Input, type InputAudioTrack, type InputVideoTrack } from 'mediabunny';
import type { AudioContainer } from '../core/media/audioContainer.ts';
import type { MediaBytes, MediaInput, MediaOpOptions } from '../core/media/backend.ts';
import type { ConcatPlan } from '../core/media/concatPlan.ts';
import { MediaError } from '../core/media/mediaError.ts';
import { convert } from './conversion.ts';
import { openInput } from './openInput.ts';
import { copyPackets } from './packets.ts';
import { probeMedia } from './probe.ts';
import { containerOf, finish, memoryOutput, VIDEO_MIME } from './output.ts';

/**
 * The work that moves encoded packets without decoding them — joining matching clips, trimming at key
 * frames, taking the sound out — done by mediabunny alone, so it is the same code in the browser and
 * in Node, needs no ffmpeg and no WebCodecs, and runs at the speed of copying bytes.
 */

export async function primaryTracks(input: Input): Promise<{ video: InputVideoTrack; audio: InputAudioTrack | null; start: number }> {
  const video = await input.getPrimaryVideoTrack();
  if (!video) throw new MediaError('invalid_input', 'A clip has no video track.', 'videos');
  return { video, audio: await input.getPrimaryAudioTrack(), start: await input.getFirstTimestamp() };
}

/** Joins clips the core's plan says match, packet for packet, in the first clip's container. */
export async function concatCopy(media: readonly MediaInput[], plan: ConcatPlan, options: MediaOpOptions): Promise<MediaBytes> {
  const inputs = media.map(openInput);
  try {
    const container = containerOf(plan.mimeType);
    const output = memoryOutput(container);
    const first = await primaryTracks(inputs[0]!);
    const video = new EncodedVideoPacketSource(first.video.codec!);
    output.addVideoTrack(video, { rotation: first.video.rotation });
    const audio = plan.audio === 'copy' && first.audio ? new EncodedAudioPacketSource(first.audio.codec!) : undefined;
    if (audio) output.addAudioTrack(audio);
    await output.start();
    let offset = 0;
    for (const [i, input] of inputs.entries()) {
      const clip = await primaryTracks(input);
      const shift = offset - clip.start;
      const videoEnd = await copyPackets(clip.video, shift, i === 0 ? await clip.video.getDecoderConfig() : null, (p, meta) => video.add(p, meta), options.signal);
      const audioEnd = audio && clip.audio ? await copyPackets(clip.audio, shift, i === 0 ? await clip.audio.getDecoderConfig() : null, (p, meta) => audio.add(p, meta), options.signal) : 0;
      // The next clip starts after this one's last packet on every track (sound often runs a few ms past the picture).
      offset = Math.max(offset + plan.clips[i]!.duration, videoEnd, audioEnd);
      options.onProgress?.((i + 1) / inputs.length);
    }
    return await finish(output, VIDEO_MIME[container]);
  } finally {
    for (const input of inputs) input.dispose();
  }
}

/** Trims by copying from the key frame at or before `start` (fast, lossless, may start earlier), keeping WebM as WebM. */
export async function trimCopy(media: MediaInput, range: { start: number; end: number }, options: MediaOpOptions): Promise<MediaBytes> {
  const info = await probeMedia(media);
  const container = containerOf(info.mimeType);
  const input = openInput(media);
  const output = memoryOutput(container);
  try {
    await convert({ input, output, tracks: 'primary', trim: range, copy: { mode: 'forced', boundaryPolicy: 'expand' } }, options, { video: true, audio: Boolean(info.audio) });
    return { bytes: new Uint8Array(output.target.buffer!), mimeType: VIDEO_MIME[container] };
  } finally {
    input.dispose();
  }
}

/** A file's sound copied, undecoded, into the container the core chose for its codec. */
export async function extractAudioCopy(media: MediaInput, container: AudioContainer, options: MediaOpOptions): Promise<MediaBytes> {
  const input = openInput(media);
  const output = memoryOutput(container.name);
  try {
    await convert({ input, output, tracks: 'primary', video: { discard: true }, copy: { mode: 'forced' } }, options, { video: false, audio: true });
    return { bytes: new Uint8Array(output.target.buffer!), mimeType: container.mimeType };
  } finally {
    input.dispose();
  }
}
