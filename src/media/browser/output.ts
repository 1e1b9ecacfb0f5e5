import {
  BufferTarget, canEncodeAudio, canEncodeVideo, FlacOutputFormat, Mp3OutputFormat, Mp4OutputFormat, OggOutputFormat, Output,
  WavOutputFormat, WebMOutputFormat, type AudioCodec, type OutputFormat, type VideoCodec,
} from 'mediabunny';
import type { AudioContainerName } from '../../core/media/audioContainer.ts';
import type { MediaBytes } from '../../core/media/backend.ts';
import { MediaError } from '../../core/media/mediaError.ts';

/**
 * Output files in the browser: which codecs this browser can encode (H.264 in MP4 where it can —
 * what providers take — else VP9 in WebM; AAC where it can, else Opus), an in-memory output per
 * container, and finishing it into bytes.
 */

export type VideoContainer = 'mp4' | 'webm';

export interface VideoCodecs {
  container: VideoContainer;
  video: VideoCodec;
  audio: AudioCodec;
}

/** The codecs to re-encode a `width`×`height` video with here. */
export async function chooseVideoCodecs(width: number, height: number, prefer: VideoContainer = 'mp4'): Promise<VideoCodecs> {
  const order: [VideoContainer, VideoCodec][] = prefer === 'webm' ? [['webm', 'vp9'], ['mp4', 'avc'], ['webm', 'vp8']] : [['mp4', 'avc'], ['webm', 'vp9'], ['mp4', 'av1'], ['webm', 'vp8']];
  for (const [container, video] of order) {
    if (!(await canEncodeVideo(video, { width, height }))) continue;
    return { container, video, audio: await chooseAudioCodec(container) };
  }
  throw new MediaError('unsupported', `This browser cannot encode ${width}×${height} video (no H.264, VP9, AV1 or VP8 encoder). Run the graph with weft run instead.`);
}

/** AAC for MP4 where the browser has an encoder (Chromium on Linux has none), else Opus. */
export async function chooseAudioCodec(container: VideoContainer): Promise<AudioCodec> {
  if (container === 'mp4' && (await canEncodeAudio('aac', { numberOfChannels: 2, sampleRate: 48000 }))) return 'aac';
  if (await canEncodeAudio('opus', { numberOfChannels: 2, sampleRate: 48000 })) return 'opus';
  throw new MediaError('unsupported', 'This browser cannot encode sound (no AAC or Opus encoder). Run the graph with weft run instead.');
}

export const VIDEO_MIME: Record<VideoContainer, string> = { mp4: 'video/mp4', webm: 'video/webm' };

function formatFor(container: VideoContainer | AudioContainerName): OutputFormat {
  switch (container) {
    case 'mp4':
    case 'm4a':
      return new Mp4OutputFormat({ fastStart: 'in-memory' });
    case 'webm': return new WebMOutputFormat();
    case 'mp3': return new Mp3OutputFormat();
    case 'ogg': return new OggOutputFormat();
    case 'flac': return new FlacOutputFormat();
    case 'wav': return new WavOutputFormat();
  }
}

/** A new output held in memory. */
export function memoryOutput(container: VideoContainer | AudioContainerName): Output<OutputFormat, BufferTarget> {
  return new Output({ format: formatFor(container), target: new BufferTarget() });
}

/** Finalises an output and hands back its bytes. */
export async function finish(output: Output<OutputFormat, BufferTarget>, mimeType: string): Promise<MediaBytes> {
  await output.finalize();
  const buffer = output.target.buffer;
  if (!buffer) throw new MediaError('failed', 'The encoder produced no file.');
  return { bytes: new Uint8Array(buffer), mimeType };
}
