import { ALL_FORMATS, BufferSource, CustomSource, Input } from 'mediabunny';
import { isBlobReader, type MediaInput } from '../core/media/backend.ts';

/**
 * A mediabunny `Input` over Weft media: bytes in memory, or a blob reader read range by range (so a
 * large stored file is never loaded whole just to be probed). Runs in the browser and in Node.
 */
export function openInput(media: MediaInput): Input {
  if (!isBlobReader(media)) return new Input({ formats: ALL_FORMATS, source: new BufferSource(media.bytes) });
  const source = new CustomSource({
    getSize: () => media.size,
    read: (start, end) => media.read(start, end),
    prefetchProfile: 'fileSystem',
  });
  return new Input({ formats: ALL_FORMATS, source });
}
