/**
 * MPEG-TS packets (ISO/IEC 13818-1 §2.4.3): a byte stream cut into whole 188-byte
 * packets, and the few header fields the keyframe gate reads.
 *
 *   byte 0   1                    2        3
 *   0x47    |TEI|PUSI|prio|PID(13 bits)   |scrambling(2)|adaptation(2)|continuity(4)|
 *   [adaptation field: length, flags (0x40 = random_access_indicator), ...] [payload]
 */

export const TS_PACKET_SIZE = 188;
export const TS_SYNC_BYTE = 0x47;

export function packetPid(packets: Uint8Array, at: number): number {
  return (((packets[at + 1] as number) & 0x1f) << 8) | (packets[at + 2] as number);
}

/** payload_unit_start_indicator: a PES packet or a PSI section begins in this packet. */
export function startsUnit(packets: Uint8Array, at: number): boolean {
  return ((packets[at + 1] as number) & 0x40) !== 0;
}

/** The adaptation field's random_access_indicator (a muxer's "decoding can start here"). */
export function randomAccess(packets: Uint8Array, at: number): boolean {
  const hasAdaptation = ((packets[at + 3] as number) & 0x20) !== 0;
  return hasAdaptation && (packets[at + 4] as number) > 0 && ((packets[at + 5] as number) & 0x40) !== 0;
}

/** Offset of the payload within the packet at `at`, or -1 when it carries none. */
export function payloadOffset(packets: Uint8Array, at: number): number {
  const control = ((packets[at + 3] as number) >> 4) & 0x3;
  if ((control & 0x1) === 0) return -1;
  const offset = control & 0x2 ? 5 + (packets[at + 4] as number) : 4;
  return offset < TS_PACKET_SIZE ? at + offset : -1;
}

/**
 * Cuts arbitrary chunks into whole packets. Pipe reads split the stream anywhere, and
 * a destination may join mid-stream: until three sync bytes line up 188 bytes apart
 * the bytes are not passed on; a broken sync byte later starts the search again.
 */
export class TsPacketAligner {
  #carry: Uint8Array = new Uint8Array(0);
  #synced = false;

  /** Whole packets from `chunk` (plus what was carried over); a view when possible. */
  push(chunk: Uint8Array): Uint8Array {
    let data = chunk;
    if (this.#carry.length > 0) {
      data = new Uint8Array(this.#carry.length + chunk.length);
      data.set(this.#carry);
      data.set(chunk, this.#carry.length);
    }
    let start = 0;
    if (!this.#synced) {
      start = findSync(data);
      if (start < 0) {
        // keep only enough tail to find a sync that straddles the next chunk
        this.#carry = data.slice(Math.max(0, data.length - 3 * TS_PACKET_SIZE));
        return new Uint8Array(0);
      }
      this.#synced = true;
    }
    let end = start;
    while (end + TS_PACKET_SIZE <= data.length && data[end] === TS_SYNC_BYTE) end += TS_PACKET_SIZE;
    if (end + TS_PACKET_SIZE <= data.length) this.#synced = false; // a packet without its sync byte
    this.#carry = data.slice(end);
    return data.subarray(start, end);
  }
}

/** First offset with sync bytes at +0, +188 and +376; -1 when there is none yet. */
function findSync(data: Uint8Array): number {
  for (let i = 0; i + 2 * TS_PACKET_SIZE < data.length; i++)
    if (
      data[i] === TS_SYNC_BYTE &&
      data[i + TS_PACKET_SIZE] === TS_SYNC_BYTE &&
      data[i + 2 * TS_PACKET_SIZE] === TS_SYNC_BYTE
    )
      return i;
  return -1;
}
