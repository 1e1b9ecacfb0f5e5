import { canEncodeAudio, canEncodeVideo, type AudioCodec, type VideoCodec } from 'mediabunny';
import { MediaError } from '../../core/media/mediaError.ts';
import type { VideoContainer } from '../output.ts';

/**
 * Which codecs this browser can encode: H.264 in MP4 where it can — what providers take — else VP9
 * in WebM; AAC where it can, else Opus.
 */

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
