import { AudioBufferSource, EncodedVideoPacketSource, QUALITY_HIGH } from 'mediabunny';
import type { ExtractAudioRequest, MediaBytes, MediaInput, MediaOpOptions, MuxAudioRequest } from '../../core/media/backend.ts';
import { openInput } from '../openInput.ts';
import { probeMedia } from '../probe.ts';
import { renderAudio, type AudioPart } from './audioRender.ts';
import { convert } from '../conversion.ts';
import { containerOf, finish, memoryOutput, VIDEO_MIME } from '../output.ts';
import { copyPackets } from '../packets.ts';
import { extractAudioCopy } from '../remux.ts';
import { chooseAudioCodec } from './codecs.ts';

/**
 * Sound in the browser: new audio laid under a video (its picture copied, never re-encoded) and a
 * video's sound taken out into a file of its own.
 */

export async function muxAudio(video: MediaInput, audio: MediaInput, request: MuxAudioRequest, options: MediaOpOptions): Promise<MediaBytes> {
  const info = await probeMedia(video);
  const container = containerOf(info.mimeType);
  const input = openInput(video);
  try {
    const track = (await input.getPrimaryVideoTrack())!;
    // The output starts at the video's first frame; its own sound keeps its place against the picture.
    const first = await track.getFirstTimestamp();
    const parts: AudioPart[] = [{ media: audio, at: Math.max(0, request.offset), from: Math.max(0, -request.offset), gain: request.volume }];
    if (request.mode === 'mix' && request.videoHasAudio) parts.push({ media: video, at: 0, from: first, gain: 1 });
    const sound = await renderAudio(parts, request.duration, { sampleRate: 48000, channels: 2 });
    options.onProgress?.(0.5);
    const output = memoryOutput(container);
    const picture = new EncodedVideoPacketSource(track.codec!);
    output.addVideoTrack(picture, { rotation: track.rotation });
    const encoded = new AudioBufferSource({ codec: await chooseAudioCodec(container), quality: QUALITY_HIGH });
    output.addAudioTrack(encoded);
    await output.start();
    await copyPackets(track, -first, await track.getDecoderConfig(), (p, meta) => picture.add(p, meta), options.signal);
    await encoded.add(sound);
    return await finish(output, VIDEO_MIME[container]);
  } finally {
    input.dispose();
  }
}

export async function extractAudio(media: MediaInput, { container }: ExtractAudioRequest, options: MediaOpOptions): Promise<MediaBytes> {
  if (container.copy) return extractAudioCopy(media, container, options);
  const input = openInput(media);
  const output = memoryOutput(container.name);
  try {
    await convert({ input, output, tracks: 'primary', video: { discard: true }, audio: { codec: 'pcm-s16' } }, options, { video: false, audio: true });
    return { bytes: new Uint8Array(output.target.buffer!), mimeType: container.mimeType };
  } finally {
    input.dispose();
  }
}
