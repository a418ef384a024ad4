/**
 * `prft` (ISO/IEC 14496-12 §8.16.5): the wall-clock time at which a media time
 * was produced. FFmpeg writes one before each moof with `-write_prft wallclock`;
 * LL-DASH advertises it as ProducerReferenceTime and we use it for latency.
 *
 *   0              4                   8                   16
 *   +--------------+-------------------+-------------------+------------------------+
 *   | version+flags| reference_track_ID| ntp_timestamp (64)| media_time (32 v0/64 v1)|
 *   +--------------+-------------------+-------------------+------------------------+
 */
import { readInt64, readUint8, readUint32 } from './bytes.ts';

/** Seconds from the NTP epoch (1900-01-01) to the Unix epoch (1970-01-01). */
const NTP_TO_UNIX_SECONDS = 2_208_988_800;

export interface ProducerReferenceTime {
  referenceTrackId: number;
  /** Wall clock in Unix milliseconds (fractional). */
  unixMs: number;
  /** The media time (track timescale) that the wall clock refers to. */
  mediaTime: number;
}

/** NTP 64-bit timestamp (32.32 fixed point seconds since 1900) to Unix milliseconds. */
export function ntpToUnixMs(seconds: number, fraction: number): number {
  return (seconds - NTP_TO_UNIX_SECONDS) * 1000 + (fraction / 2 ** 32) * 1000;
}

/**
 * media_time is unsigned in the spec, but FFmpeg writes the packet pts, which
 * is negative for AAC priming (-1024 as v1): read v1 as signed.
 */
export function parsePrft(payload: Uint8Array): ProducerReferenceTime {
  const version = readUint8(payload, 0);
  return {
    referenceTrackId: readUint32(payload, 4),
    unixMs: ntpToUnixMs(readUint32(payload, 8), readUint32(payload, 12)),
    // Unsigned in the spec, but FFmpeg stores the first AAC packet's pts (-1024, priming)
    // as a wrapped 64-bit value: read v1 as signed so that it means what FFmpeg meant.
    mediaTime: version === 1 ? readInt64(payload, 16) : readUint32(payload, 16),
  };
}
