import { MediaError } from './mediaError.ts';

/**
 * Which file an audio track goes into when it is extracted: its own codec copied into the container
 * players and providers expect for it (AAC → .m4a, MP3 → .mp3, Opus → .ogg, …), or decoded into WAV.
 */
export type AudioContainerName = 'm4a' | 'mp3' | 'ogg' | 'flac' | 'wav';

export interface AudioContainer {
  name: AudioContainerName;
  mimeType: string;
  /** Copy the encoded packets (true), or decode to 16-bit PCM (WAV). */
  copy: boolean;
}

const BY_CODEC: Record<string, AudioContainerName> = {
  aac: 'm4a',
  mp3: 'mp3',
  opus: 'ogg',
  vorbis: 'ogg',
  flac: 'flac',
};

const MIME: Record<AudioContainerName, string> = {
  m4a: 'audio/mp4',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  flac: 'audio/flac',
  wav: 'audio/wav',
};

/** The container for extracting a track of `codec` as `format` (`original` copies where it can). */
export function audioContainerFor(codec: string, format: 'original' | 'wav'): AudioContainer {
  if (format === 'wav' || codec.startsWith('pcm-') || codec === 'ulaw' || codec === 'alaw') return { name: 'wav', mimeType: MIME.wav, copy: false };
  const name = BY_CODEC[codec];
  if (!name) throw new MediaError('unsupported', `Audio in ${codec} cannot be copied into a file of its own; choose WAV.`, 'format');
  return { name, mimeType: MIME[name], copy: true };
}

