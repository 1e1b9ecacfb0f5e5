import type { FitGeometry } from './fitGeometry.ts';
import type { ConcatPlan } from './concatPlan.ts';
import type { AudioContainer } from './audioContainer.ts';

/**
 * The seam between the media nodes' pure core and the code that decodes and encodes: a `MediaBackend`
 * takes media (bytes, or a reader over a stored blob), an operation the core has already validated and
 * resolved, an abort signal and a progress callback, and returns bytes with their MIME type. Two
 * implementations: the browser's (mediabunny on WebCodecs, src/media/browser) and Node's (ffmpeg,
 * src/media/node). Backends decide nothing a user could see differently between them: sizes, times,
 * copy-or-encode and containers are decided here in core.
 */

/** Media held in memory. */
export interface MediaBytes {
  bytes: Uint8Array;
  /** e.g. `video/mp4`, `image/png`. */
  mimeType: string;
}

/** Media read on demand (a stored blob, a File): only the ranges a backend asks for are read. */
export interface BlobReader {
  size: number;
  mimeType: string;
  /** Bytes [start, end) of the file. */
  read(start: number, end: number): Promise<Uint8Array>;
}

export type MediaInput = MediaBytes | BlobReader;

export function isBlobReader(input: MediaInput): input is BlobReader {
  return typeof (input as BlobReader).read === 'function';
}

/** The whole of an input as bytes (a reader is read once, in one range). */
export async function readAll(input: MediaInput): Promise<Uint8Array> {
  return isBlobReader(input) ? input.read(0, input.size) : input.bytes;
}

export interface MediaOpOptions {
  signal?: AbortSignal;
  /** Fraction done, 0..1, called as work proceeds (not necessarily reaching 1). */
  onProgress?(fraction: number): void;
}

export interface VideoTrackInfo {
  /** Mediabunny's codec name: `avc`, `hevc`, `vp9`, `vp8`, `av1`. */
  codec: string;
  /** The full codec string, e.g. `avc1.4d400a`. */
  codecString: string;
  /** Display size (rotation applied). */
  width: number;
  height: number;
  /** Average frames per second over the track (0 when it cannot be measured). */
  fps: number;
  /**
   * Equal keys mean packets of one track can follow packets of the other in one output track
   * (same codec string, coded size and decoder configuration bytes).
   */
  configKey: string;
}

export interface AudioTrackInfo {
  /** `aac`, `opus`, `mp3`, `vorbis`, `flac`, `pcm-s16`, … */
  codec: string;
  codecString: string;
  sampleRate: number;
  channels: number;
  configKey: string;
}

/** What a video or audio file holds, as the shared probe reads it. */
export interface MediaInfo {
  /** The container's MIME type, without codec parameters (`video/mp4`, `audio/wav`). */
  mimeType: string;
  /** Seconds (the longest track's end). */
  duration: number;
  video?: VideoTrackInfo;
  audio?: AudioTrackInfo;
}

/** Which frame: the first, the last, or the one on screen at a time (seconds). */
export type FramePosition = { kind: 'first' } | { kind: 'last' } | { kind: 'at'; seconds: number };

export type ImageFormat = 'png' | 'jpeg';

export interface FrameRequest {
  position: FramePosition;
  format: ImageFormat;
}

export interface TrimRequest {
  /** Seconds, 0 ≤ start < end ≤ the clip's duration. */
  start: number;
  end: number;
  /**
   * Re-encode the picture from the frame at `start`, or copy packets from the key frame at or before
   * it (fast, lossless; those before `start` are timed before 0, so players start at `start`).
   */
  exact: boolean;
}

export interface ConcatRequest {
  plan: ConcatPlan;
}

export interface MuxAudioRequest {
  /** `replace` the video's sound, or `mix` the new audio into it. */
  mode: 'replace' | 'mix';
  /** Seconds into the video where the audio starts; negative skips the audio's first seconds. */
  offset: number;
  /** Gain for the new audio (1 = unchanged). */
  volume: number;
  /** The output lasts exactly as long as the video: audio is cut or padded with silence. */
  duration: number;
  /** Whether the video has a sound track to mix with. */
  videoHasAudio: boolean;
}

export interface ExtractAudioRequest {
  /** `copy` the encoded audio into `container`, or decode to 16-bit PCM WAV. */
  container: AudioContainer;
}

export interface FitImageRequest {
  geometry: FitGeometry;
  format: ImageFormat;
  /** Pad colour, RGBA 0..255 (alpha 0 = transparent, PNG only). */
  background: [number, number, number, number];
}

export interface MediaBackend {
  /** For messages: `browser (WebCodecs)`, `ffmpeg 5.1`. */
  readonly name: string;
  probe(input: MediaInput, options?: MediaOpOptions): Promise<MediaInfo>;
  frame(input: MediaInput, request: FrameRequest, options?: MediaOpOptions): Promise<MediaBytes>;
  trim(input: MediaInput, request: TrimRequest, options?: MediaOpOptions): Promise<MediaBytes>;
  concat(inputs: readonly MediaInput[], request: ConcatRequest, options?: MediaOpOptions): Promise<MediaBytes>;
  muxAudio(video: MediaInput, audio: MediaInput, request: MuxAudioRequest, options?: MediaOpOptions): Promise<MediaBytes>;
  extractAudio(input: MediaInput, request: ExtractAudioRequest, options?: MediaOpOptions): Promise<MediaBytes>;
  fitImage(input: MediaInput, request: FitImageRequest, options?: MediaOpOptions): Promise<MediaBytes>;
}
