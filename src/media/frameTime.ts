import { EncodedPacketSink } from 'mediabunny';
import type { FramePosition, MediaInput } from '../core/media/backend.ts';
import { MediaError } from '../core/media/mediaError.ts';
import { openInput } from './openInput.ts';

/**
 * The presentation time (seconds) of the frame a position means, read from the packet index without
 * decoding: the first frame, the last in presentation order, or the one on screen at a time (the
 * last frame starting at or before it). Both backends decode exactly this frame.
 */
export async function frameTime(media: MediaInput, position: FramePosition): Promise<number> {
  const input = openInput(media);
  try {
    const track = await input.getPrimaryVideoTrack();
    if (!track) throw new MediaError('invalid_input', 'This file has no video track.', 'video');
    const sink = new EncodedPacketSink(track);
    const first = await track.getFirstTimestamp();
    if (position.kind === 'first') return first;
    const packet = await sink.getPacket(position.kind === 'last' ? Infinity : position.seconds, { metadataOnly: true });
    return packet ? packet.timestamp : first;
  } finally {
    input.dispose();
  }
}
