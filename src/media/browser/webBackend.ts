import type {
  ConcatRequest, ExtractAudioRequest, FitImageRequest, FrameRequest, MediaBackend, MediaBytes, MediaInfo, MediaInput, MediaOpOptions,
  MuxAudioRequest, TrimRequest,
} from '../../core/media/backend.ts';
import { probeMedia } from '../probe.ts';
import { extractAudio, muxAudio } from './audioOps.ts';
import { fitImage, frameImage } from './pictures.ts';
import { concatVideos, trimVideo } from './videoOps.ts';

/**
 * The browser backend: mediabunny demuxes and muxes, WebCodecs decodes and encodes, a canvas draws,
 * an OfflineAudioContext mixes. Load it with `import()` (it is not in the first-load bundle). What
 * this browser cannot encode falls back (H.264 → VP9/WebM, AAC → Opus); what it cannot decode at all
 * fails with a message pointing to `weft run`.
 */
export class WebCodecsBackend implements MediaBackend {
  readonly name = 'browser (WebCodecs)';

  probe(input: MediaInput): Promise<MediaInfo> {
    return probeMedia(input);
  }

  frame(input: MediaInput, request: FrameRequest): Promise<MediaBytes> {
    return frameImage(input, request);
  }

  trim(input: MediaInput, request: TrimRequest, options: MediaOpOptions = {}): Promise<MediaBytes> {
    return trimVideo(input, request, options);
  }

  concat(inputs: readonly MediaInput[], request: ConcatRequest, options: MediaOpOptions = {}): Promise<MediaBytes> {
    return concatVideos(inputs, request, options);
  }

  muxAudio(video: MediaInput, audio: MediaInput, request: MuxAudioRequest, options: MediaOpOptions = {}): Promise<MediaBytes> {
    return muxAudio(video, audio, request, options);
  }

  extractAudio(input: MediaInput, request: ExtractAudioRequest, options: MediaOpOptions = {}): Promise<MediaBytes> {
    return extractAudio(input, request, options);
  }

  fitImage(input: MediaInput, request: FitImageRequest): Promise<MediaBytes> {
    return fitImage(input, request);
  }
}
