import type { StreamRecord } from '../../defs/stream.ts';
import type { SrtKeyEntry } from './srt-listen-gate.ts';

type StreamForSrt = Pick<
  StreamRecord,
  'streamKey' | 'enabled' | 'srtPassphrase' | 'srtLatencyMs' | 'publisherPolicy'
>;

/**
 * The SRT handshake table for a set of streams (SrtIngestOptions.keys): a disabled
 * stream is refused in the handshake (403), and so is a second publisher of a live
 * stream that refuses takeover (409) when `isLive` is given. Whatever this table
 * admits is checked again by the gate when the connection is accepted.
 */
export function srtKeyEntries(
  streams: Iterable<StreamForSrt>,
  isLive: (streamKey: string) => boolean = () => false,
): SrtKeyEntry[] {
  return [...streams].map((stream) => ({
    streamKey: stream.streamKey,
    passphrase: stream.srtPassphrase ?? undefined,
    latencyMs: stream.srtLatencyMs,
    refuse: !stream.enabled
      ? 403
      : stream.publisherPolicy === 'reject' && isLive(stream.streamKey)
        ? 409
        : undefined,
  }));
}
