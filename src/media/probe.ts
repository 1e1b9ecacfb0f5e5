import type { InputAudioTrack, InputVideoTrack } from 'mediabunny';
import type { AudioTrackInfo, MediaInfo, MediaInput, VideoTrackInfo } from '../core/media/backend.ts';
import { MediaError } from '../core/media/mediaError.ts';
import { openInput } from './openInput.ts';

/**
 * What a video or audio file holds — container, duration, the primary video and audio tracks — read
 * by demuxing only (mediabunny; no decoder), so it is the same in the browser and in Node and needs
 * no ffmpeg. Both backends use it.
 */

/** FNV-1a over bytes, as hex: a short key for a decoder configuration's bytes. */
function bytesKey(data: AllowSharedBufferSource | undefined): string {
  if (!data) return '-';
  const bytes = data instanceof Uint8Array ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return `${bytes.length}:${h.toString(16)}`;
}

async function videoInfo(track: InputVideoTrack): Promise<VideoTrackInfo> {
  const config = await track.getDecoderConfig();
  const stats = await track.computePacketStats(120);
  const codecString = (await track.getCodecParameterString()) ?? track.codec ?? 'unknown';
  return {
    codec: track.codec ?? 'unknown',
    codecString,
    width: track.displayWidth,
    height: track.displayHeight,
    fps: Math.round(stats.averagePacketRate * 1000) / 1000,
    configKey: `${codecString}|${track.codedWidth}x${track.codedHeight}|${track.rotation}|${bytesKey(config?.description)}`,
  };
}

async function audioInfo(track: InputAudioTrack): Promise<AudioTrackInfo> {
  const config = await track.getDecoderConfig();
  const codecString = (await track.getCodecParameterString()) ?? track.codec ?? 'unknown';
  return {
    codec: track.codec ?? 'unknown',
    codecString,
    sampleRate: track.sampleRate,
    channels: track.numberOfChannels,
    configKey: `${codecString}|${track.sampleRate}|${track.numberOfChannels}|${bytesKey(config?.description)}`,
  };
}

/** Probes a video or audio file; an `invalid_input` MediaError when it is not one mediabunny can read. */
export async function probeMedia(media: MediaInput): Promise<MediaInfo> {
  const input = openInput(media);
  try {
    if (!(await input.canRead())) throw new MediaError('invalid_input', 'This file is not a video or audio file Weft can read (MP4, MOV, WebM, MKV, MP3, WAV, Ogg, FLAC, AAC).');
    const [video, audio] = [await input.getPrimaryVideoTrack(), await input.getPrimaryAudioTrack()];
    if (!video && !audio) throw new MediaError('invalid_input', 'This file has neither video nor sound.');
    const info: MediaInfo = { mimeType: (await input.getMimeType()).split(';')[0]!.trim(), duration: await input.computeDuration() };
    if (video) info.video = await videoInfo(video);
    if (audio) info.audio = await audioInfo(audio);
    return info;
  } catch (error) {
    if (error instanceof MediaError) throw error;
    throw new MediaError('invalid_input', `This file could not be read as video or audio: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    input.dispose();
  }
}
