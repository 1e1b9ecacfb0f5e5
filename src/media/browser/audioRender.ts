import { AudioBufferSink } from 'mediabunny';
import type { MediaInput } from '../../core/media/backend.ts';
import { MediaError } from '../../core/media/mediaError.ts';
import { openInput } from '../openInput.ts';

/**
 * Sound laid out on a timeline and mixed in the browser: each part's decoded audio is placed at its
 * time with its gain, and an OfflineAudioContext resamples, up- or down-mixes, pads with silence and
 * mixes them into one buffer of exactly `duration` seconds.
 */
export interface AudioPart {
  media: MediaInput;
  /** Output time (seconds) where the part's `from` plays. */
  at: number;
  /** The time in the part's file (its own timeline, as its video frames are timed) to start from. */
  from: number;
  /** The time in the part's file to stop at (default: its end). */
  until?: number;
  gain: number;
}

/** A part's sound between two of its own times, as one AudioBuffer at its own rate. */
async function decodePart(part: AudioPart, context: BaseAudioContext): Promise<AudioBuffer | undefined> {
  const input = openInput(part.media);
  try {
    const track = await input.getPrimaryAudioTrack();
    if (!track) return undefined;
    if (!(await track.canDecode())) throw new MediaError('unsupported', `This browser cannot decode ${track.codec ?? 'this'} sound. Run the graph with weft run instead.`, 'audio');
    const rate = track.sampleRate;
    const channels = track.numberOfChannels;
    const end = part.until ?? Infinity;
    const chunks: { buffer: AudioBuffer; offset: number; skip: number }[] = [];
    let length = 0;
    for await (const { buffer, timestamp } of new AudioBufferSink(track).buffers(part.from, end)) {
      // A chunk that starts before `from` is cut at the start.
      const start = Math.round((timestamp - part.from) * rate);
      const chunk = { buffer, offset: Math.max(0, start), skip: Math.max(0, -start) };
      if (chunk.skip >= buffer.length) continue;
      chunks.push(chunk);
      length = Math.max(length, chunk.offset + buffer.length - chunk.skip);
    }
    if (length === 0) return undefined;
    const whole = context.createBuffer(channels, length, rate);
    for (const { buffer, offset, skip } of chunks) {
      for (let c = 0; c < channels; c++) {
        whole.copyToChannel(buffer.getChannelData(Math.min(c, buffer.numberOfChannels - 1)).subarray(skip), c, offset);
      }
    }
    return whole;
  } finally {
    input.dispose();
  }
}

/** Mixes the parts into `duration` seconds of `channels`-channel sound at `sampleRate`. */
export async function renderAudio(parts: readonly AudioPart[], duration: number, format: { sampleRate: number; channels: number }): Promise<AudioBuffer> {
  const frames = Math.max(1, Math.round(duration * format.sampleRate));
  const context = new OfflineAudioContext(format.channels, frames, format.sampleRate);
  for (const part of parts) {
    const buffer = await decodePart(part, context);
    if (!buffer) continue;
    const source = context.createBufferSource();
    source.buffer = buffer;
    const gain = context.createGain();
    gain.gain.value = part.gain;
    source.connect(gain).connect(context.destination);
    source.start(Math.max(0, part.at));
    if (part.until !== undefined) source.stop(Math.max(0, part.at) + (part.until - part.from));
  }
  return context.startRendering();
}
