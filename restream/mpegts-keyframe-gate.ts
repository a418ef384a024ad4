/**
 * Lets MPEG-TS through only from a point where a decoder can start: the PAT and PMT,
 * then the video PES that begins with a keyframe. A destination FFmpeg fed mid-GOP
 * probes with a decoder that cannot find its SPS/PPS ("non-existing PPS 0 referenced",
 * hundreds of lines that bury the real error in the stderr ring) and waits up to its
 * analyze duration; fed from a keyframe it starts at once with a clean picture.
 *
 * The gate closes again when bytes had to be dropped (a destination that fell behind)
 * or a new FFmpeg session starts, so every run of bytes FFmpeg sees is decodable.
 *
 * Keyframes: the packet starting a video PES with random_access_indicator set (what
 * FFmpeg, OBS and hardware encoders write), or whose first bytes hold an H.264
 * IDR/SPS, HEVC IRAP/VPS/SPS or MPEG-2 sequence header (encoders that do not set it).
 * A stream with no video starts at its first PES. If nothing qualifies within
 * `maxWaitMs` (an unknown codec, a PMT split across packets), any PES start will do.
 */
import {
  packetPid,
  payloadOffset,
  randomAccess,
  startsUnit,
  TS_PACKET_SIZE,
  TsPacketAligner,
} from './mpegts-packets.ts';

const PAT_PID = 0;
type VideoCodec = 'mpeg2' | 'h264' | 'hevc';
const VIDEO_STREAM_TYPES: Record<number, VideoCodec> = {
  1: 'mpeg2',
  2: 'mpeg2',
  27: 'h264',
  36: 'hevc',
};

interface Program {
  pmtPid: number;
  /** The PID decoding starts on: the first video stream, else the first stream. */
  entryPid: number;
  /** undefined: no video stream we know (audio only, or a codec not listed above). */
  videoCodec: VideoCodec | undefined;
}

export class MpegTsKeyframeGate {
  readonly #aligner = new TsPacketAligner();
  readonly #maxWaitMs: number;
  #pat: Uint8Array | undefined;
  #pmt: Uint8Array | undefined;
  #program: Partial<Program> = {};
  #open = false;
  #closedAt = 0;
  #skippedBytes = 0;

  constructor(options: { maxWaitMs?: number } = {}) {
    this.#maxWaitMs = options.maxWaitMs ?? 10_000;
  }

  get open(): boolean {
    return this.#open;
  }

  /** Bytes not let through because the gate was waiting for a starting point. */
  get skippedBytes(): number {
    return this.#skippedBytes;
  }

  /** Wait for the next keyframe before letting bytes through again. */
  close(nowMs: number): void {
    this.#open = false;
    this.#closedAt = nowMs;
  }

  /**
   * Reads every chunk (the PAT/PMT are tracked even while closed) and returns the
   * whole packets to pass on: nothing while closed, from PAT+PMT+keyframe on opening.
   */
  push(chunk: Uint8Array, nowMs: number): Uint8Array | undefined {
    const packets = this.#aligner.push(chunk);
    let openedAt = -1;
    for (let at = 0; at < packets.length; at += TS_PACKET_SIZE) {
      const pid = packetPid(packets, at);
      if (startsUnit(packets, at)) {
        if (pid === PAT_PID) this.#readPat(packets, at);
        else if (pid === this.#program.pmtPid) this.#readPmt(packets, at);
        else if (!this.#open && this.#canStartAt(packets, at, pid, nowMs)) {
          this.#open = true;
          openedAt = at;
        }
      }
    }
    if (openedAt < 0) {
      if (this.#open) return packets;
      this.#skippedBytes += chunk.length;
      return undefined;
    }
    this.#skippedBytes += openedAt;
    return concat([this.#pat, this.#pmt, packets.subarray(openedAt)]);
  }

  #canStartAt(packets: Uint8Array, at: number, pid: number, nowMs: number): boolean {
    const { entryPid, videoCodec } = this.#program;
    const waitedTooLong = nowMs - this.#closedAt > this.#maxWaitMs;
    if (entryPid === undefined || !this.#pat || !this.#pmt) return waitedTooLong;
    if (pid !== entryPid) return false;
    if (videoCodec === undefined || waitedTooLong || randomAccess(packets, at)) return true;
    return startsWithKeyframe(packets, at, videoCodec);
  }

  #readPat(packets: Uint8Array, at: number): void {
    const section = sectionOf(packets, at, 0x00);
    if (!section) return;
    // program loop: program_number(16) reserved(3) PID(13); program 0 is the network PID
    for (let i = section.start + 8; i + 4 <= section.end; i += 4) {
      if (((packets[i] as number) << 8) + (packets[i + 1] as number) === 0) continue;
      const pmtPid = (((packets[i + 2] as number) & 0x1f) << 8) | (packets[i + 3] as number);
      if (pmtPid !== this.#program.pmtPid) this.#program = { pmtPid };
      this.#pat = packets.slice(at, at + TS_PACKET_SIZE);
      return;
    }
  }

  #readPmt(packets: Uint8Array, at: number): void {
    const section = sectionOf(packets, at, 0x02);
    if (!section) return;
    const programInfoLength =
      (((packets[section.start + 10] as number) & 0x0f) << 8) | (packets[section.start + 11] as number);
    let firstPid: number | undefined;
    // ES loop: stream_type(8) reserved(3) PID(13) reserved(4) ES_info_length(12) descriptors
    for (let i = section.start + 12 + programInfoLength; i + 5 <= section.end; ) {
      const streamType = packets[i] as number;
      const pid = (((packets[i + 1] as number) & 0x1f) << 8) | (packets[i + 2] as number);
      firstPid ??= pid;
      const codec = VIDEO_STREAM_TYPES[streamType];
      if (codec) {
        this.#program = { ...this.#program, entryPid: pid, videoCodec: codec };
        this.#pmt = packets.slice(at, at + TS_PACKET_SIZE);
        return;
      }
      i += 5 + ((((packets[i + 3] as number) & 0x0f) << 8) | (packets[i + 4] as number));
    }
    if (firstPid === undefined) return;
    this.#program = { ...this.#program, entryPid: firstPid, videoCodec: undefined };
    this.#pmt = packets.slice(at, at + TS_PACKET_SIZE);
  }
}

/** The PSI section starting in this packet (pointer_field honoured), bounded by the packet. */
function sectionOf(
  packets: Uint8Array,
  at: number,
  tableId: number,
): { start: number; end: number } | undefined {
  const payload = payloadOffset(packets, at);
  if (payload < 0) return undefined;
  const start = payload + 1 + (packets[payload] as number);
  const packetEnd = at + TS_PACKET_SIZE;
  if (start + 12 > packetEnd || packets[start] !== tableId) return undefined;
  const sectionLength = (((packets[start + 1] as number) & 0x0f) << 8) | (packets[start + 2] as number);
  // the last 4 bytes of a section are its CRC
  return { start, end: Math.min(packetEnd, start + 3 + sectionLength - 4) };
}

/** Whether the elementary stream bytes in this PES-starting packet open with a keyframe. */
function startsWithKeyframe(packets: Uint8Array, at: number, codec: VideoCodec): boolean {
  const payload = payloadOffset(packets, at);
  // PES header: 00 00 01 stream_id length(16) flags(16) header_data_length(8) ...
  if (payload < 0 || payload + 9 > at + TS_PACKET_SIZE) return false;
  const end = at + TS_PACKET_SIZE;
  for (let i = payload + 9 + (packets[payload + 8] as number); i + 3 < end; i++) {
    if (packets[i] !== 0 || packets[i + 1] !== 0 || packets[i + 2] !== 1) continue;
    const code = packets[i + 3] as number;
    if (codec === 'h264' && [5, 7].includes(code & 0x1f)) return true;
    if (codec === 'hevc') {
      const type = (code >> 1) & 0x3f;
      if ((type >= 16 && type <= 21) || type === 32 || type === 33) return true;
    }
    if (codec === 'mpeg2' && code === 0xb3) return true;
  }
  return false;
}

function concat(parts: (Uint8Array | undefined)[]): Uint8Array {
  const present = parts.filter((part): part is Uint8Array => part !== undefined);
  const out = new Uint8Array(present.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of present) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
