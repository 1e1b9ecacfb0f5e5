import { Conversion, type ConversionOptions } from 'mediabunny';
import type { MediaOpOptions } from '../core/media/backend.ts';
import { MediaError } from '../core/media/mediaError.ts';

/**
 * Runs a mediabunny Conversion with Weft's rules: progress passed on, cancelled when the signal fires,
 * and a clear error instead of a file quietly missing a track this browser could not handle.
 */
export async function convert(options: ConversionOptions, run: MediaOpOptions, needed: { video: boolean; audio: boolean }): Promise<void> {
  const conversion = await Conversion.init({ ...options, showWarnings: false });
  const lost = conversion.discardedTracks.filter((d) => d.reason !== 'discarded_by_user' && (d.track.isVideoTrack() ? needed.video : needed.audio));
  if (!conversion.isValid || lost.length > 0) {
    const why = (lost[0] ?? conversion.discardedTracks[0])?.reason ?? 'no_tracks';
    const what = lost[0]?.track.isAudioTrack() ? 'sound' : 'video';
    const message = why.includes('decod') ? `This browser cannot decode this ${what}.` : why.includes('encod') ? `This browser cannot encode ${what} for this file.` : `The ${what} cannot be converted here (${why}).`;
    throw new MediaError('unsupported', `${message} Run the graph with weft run instead.`);
  }
  if (run.onProgress) conversion.onProgress = (p) => run.onProgress!(p);
  const onAbort = () => void conversion.cancel();
  run.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await conversion.execute();
  } catch (error) {
    if (run.signal?.aborted) throw new MediaError('cancelled', 'Cancelled.');
    throw error;
  } finally {
    run.signal?.removeEventListener('abort', onAbort);
  }
}
