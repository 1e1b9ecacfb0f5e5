import {
  BufferTarget, FlacOutputFormat, Mp3OutputFormat, Mp4OutputFormat, OggOutputFormat, Output, WavOutputFormat, WebMOutputFormat,
  type OutputFormat,
} from 'mediabunny';
import type { AudioContainerName } from '../core/media/audioContainer.ts';
import type { MediaBytes } from '../core/media/backend.ts';
import { MediaError } from '../core/media/mediaError.ts';

/** Output files held in memory (mediabunny, browser and Node): one per container, finished into bytes. */

export type VideoContainer = 'mp4' | 'webm';

export const VIDEO_MIME: Record<VideoContainer, string> = { mp4: 'video/mp4', webm: 'video/webm' };

/** The container a copied video keeps: WebM stays WebM, everything else becomes MP4. */
export const containerOf = (mimeType: string): VideoContainer => (mimeType === 'video/webm' ? 'webm' : 'mp4');

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
