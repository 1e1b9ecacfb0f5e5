import { EncodedPacketSink, type EncodedPacket, type InputAudioTrack, type InputVideoTrack } from 'mediabunny';
import { throwIfCancelled } from '../core/media/mediaError.ts';

/**
 * Copies a track's encoded packets (no decoding) into an output source, shifted by `shift` seconds;
 * the first packet carries the decoder configuration when `config` is given (the output's first clip).
 * Returns where the copied packets end (seconds, shifted), so the next clip can start after them.
 */
export async function copyPackets<C>(
  track: InputVideoTrack | InputAudioTrack,
  shift: number,
  config: C | null,
  add: (packet: EncodedPacket, meta?: { decoderConfig: C }) => Promise<void>,
  signal?: AbortSignal,
): Promise<number> {
  let first = true;
  let end = 0;
  for await (const packet of new EncodedPacketSink(track).packets()) {
    throwIfCancelled(signal);
    await add(packet.clone({ timestamp: packet.timestamp + shift }), first && config ? { decoderConfig: config } : undefined);
    first = false;
    end = Math.max(end, packet.timestamp + packet.duration + shift);
  }
  return end;
}
