import type { MediaInfo } from './backend.ts';
import { evenDown, fitInto, type FitGeometry, type FitMode } from './fitGeometry.ts';
import { MediaError } from './mediaError.ts';

/**
 * How clips are joined: copied packet for packet when every clip has the same video codec, size and
 * decoder settings (and all or none have sound with the same settings) — fast and lossless — or
 * re-encoded to the first clip's size and frame rate, the others fitted into it, with silence under
 * clips that have no sound.
 */
export interface ConcatClip {
  /** Seconds this clip lasts in the output. */
  duration: number;
  hasAudio: boolean;
  /** Where the clip's picture goes in the output (encode only). */
  geometry: FitGeometry;
}

export interface ConcatPlan {
  mode: 'copy' | 'encode';
  /** Why the clips are re-encoded, for people. */
  reason?: string;
  width: number;
  height: number;
  fps: number;
  /** `none`: no clip has sound; otherwise the output has one sound track. */
  audio: 'none' | 'copy' | 'encode';
  /** The first clip's container, kept when copying. */
  mimeType: string;
  clips: ConcatClip[];
}

/** Output sound for re-encoded joins. */
export const CONCAT_AUDIO = { sampleRate: 48000, channels: 2 } as const;

function whyEncode(infos: readonly MediaInfo[]): string | undefined {
  const first = infos[0]!;
  for (const [i, info] of infos.entries()) {
    const v = info.video!;
    const f = first.video!;
    const n = `clip ${i + 1}`;
    if (v.codec !== f.codec) return `${n} is ${v.codec}, clip 1 is ${f.codec}`;
    if (v.width !== f.width || v.height !== f.height) return `${n} is ${v.width}×${v.height}, clip 1 is ${f.width}×${f.height}`;
    if (v.configKey !== f.configKey) return `${n} was encoded with different settings`;
    if (info.mimeType !== first.mimeType) return `${n} is ${info.mimeType}, clip 1 is ${first.mimeType}`;
    if (Boolean(info.audio) !== Boolean(first.audio)) return info.audio ? `${n} has sound and clip 1 has none` : `${n} has no sound and clip 1 has`;
    if (info.audio && info.audio.configKey !== first.audio!.configKey) return `${n}'s sound was encoded with different settings`;
  }
  return undefined;
}

/** The plan for joining clips in order; every clip must have a video track. */
export function planConcat(infos: readonly MediaInfo[], fit: FitMode): ConcatPlan {
  if (infos.length === 0) throw new MediaError('invalid_input', 'Nothing to join: wire at least two videos.', 'videos');
  infos.forEach((info, i) => {
    if (!info.video) throw new MediaError('invalid_input', `Clip ${i + 1} has no video track.`, 'videos');
  });
  const first = infos[0]!.video!;
  const reason = whyEncode(infos);
  const mode = reason ? 'encode' : 'copy';
  const width = mode === 'copy' ? first.width : evenDown(first.width);
  const height = mode === 'copy' ? first.height : evenDown(first.height);
  const fps = first.fps > 0 ? Math.min(120, Math.round(first.fps * 1000) / 1000) : 30;
  const anyAudio = infos.some((info) => info.audio);
  return {
    mode,
    ...(reason ? { reason } : {}),
    width,
    height,
    fps,
    audio: !anyAudio ? 'none' : mode,
    mimeType: infos[0]!.mimeType,
    clips: infos.map((info) => ({
      duration: info.duration,
      hasAudio: Boolean(info.audio),
      geometry: fitInto({ width: info.video!.width, height: info.video!.height }, { width, height }, fit, mode === 'encode'),
    })),
  };
}
