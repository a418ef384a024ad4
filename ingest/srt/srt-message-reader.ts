import { lastSrtError, libsrt, type SrtError } from './libsrt.ts';
import { SRT_ERRNO, SRT_LIVE_MAX_PLSIZE } from './srt-constants.ts';

/** 256 KB: ~190 live messages, 400 Mbit/s at one read per 5 ms poll. */
const CHUNK_CAPACITY = 256 * 1024;

export interface ReadResult {
  /** Every message that was ready, back to back (live mode: 1316 B of MPEG-TS each). */
  bytes?: Uint8Array;
  /** The connection is broken or gone (not set for "nothing more to read"). */
  error?: SrtError;
}

/**
 * Drains a non-blocking live-mode socket into one chunk per call: one feed.write per
 * poll instead of one per 1316-byte message, with no added wait.
 */
export class SrtMessageReader {
  readonly #chunk = new Uint8Array(CHUNK_CAPACITY);

  read(sock: number): ReadResult {
    const srt = libsrt();
    let length = 0;
    let error: SrtError | undefined;
    while (length + SRT_LIVE_MAX_PLSIZE <= CHUNK_CAPACITY) {
      const received = srt.srt_recvmsg(sock, this.#chunk.subarray(length), SRT_LIVE_MAX_PLSIZE);
      if (received > 0) {
        length += received;
        continue;
      }
      if (received < 0) {
        const last = lastSrtError();
        if (last.code !== SRT_ERRNO.EASYNCRCV) error = last;
      }
      break;
    }
    return { bytes: length > 0 ? this.#chunk.slice(0, length) : undefined, error };
  }
}
