/**
 * The part and segment records the part cutter fills and emits. Chunk bytes are
 * kept as a list of views while in progress (a server can stream them), and
 * concatenated once when the part or segment completes.
 */
export interface CompletedPart {
  kind: 'partComplete';
  segmentIndex: number;
  partIndex: number;
  /** Seconds. */
  startTime: number;
  duration: number;
  /** Timescale units, for DASH `$Time$` and exact arithmetic. */
  startTicks: number;
  durationTicks: number;
  /** Starts with a sync sample: `INDEPENDENT=YES`. */
  independent: boolean;
  bytes: Uint8Array;
}

export interface CompletedSegment {
  kind: 'segmentComplete';
  index: number;
  startTime: number;
  duration: number;
  startTicks: number;
  durationTicks: number;
  /** The source restarted before this segment: `EXT-X-DISCONTINUITY`. */
  discontinuity: boolean;
  partCount: number;
  /** The concatenation of its parts. */
  bytes: Uint8Array;
}

export type PartCutterEvent =
  | { kind: 'chunkAppended'; segmentIndex: number; partIndex: number; bytes: Uint8Array }
  | CompletedPart
  | CompletedSegment;

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(length);
  let off = 0;
  for (const chunk of chunks) {
    out.set(chunk, off);
    off += chunk.length;
  }
  return out;
}

class ChunkList {
  readonly chunks: Uint8Array[] = [];
  byteLength = 0;
  durationTicks = 0;

  constructor(
    readonly startTicks: number,
    readonly timescale: number,
  ) {}

  append(bytes: Uint8Array, durationTicks: number): void {
    this.chunks.push(bytes);
    this.byteLength += bytes.length;
    this.durationTicks += durationTicks;
  }

  get startTime(): number {
    return this.startTicks / this.timescale;
  }

  get duration(): number {
    return this.durationTicks / this.timescale;
  }

  bytes(): Uint8Array {
    return concat(this.chunks, this.byteLength);
  }
}

export class PartInProgress extends ChunkList {
  constructor(
    readonly segmentIndex: number,
    readonly partIndex: number,
    readonly independent: boolean,
    startTicks: number,
    timescale: number,
  ) {
    super(startTicks, timescale);
  }
}

export class SegmentInProgress extends ChunkList {
  #partCount = 0;

  constructor(
    readonly index: number,
    startTicks: number,
    timescale: number,
    readonly discontinuity: boolean,
  ) {
    super(startTicks, timescale);
  }

  openPart(independent: boolean, startTicks: number): PartInProgress {
    return new PartInProgress(this.index, this.#partCount, independent, startTicks, this.timescale);
  }

  completePart(part: PartInProgress): CompletedPart {
    this.#partCount += 1;
    const { segmentIndex, partIndex, startTime, duration, startTicks, durationTicks, independent } = part;
    return {
      kind: 'partComplete',
      segmentIndex,
      partIndex,
      startTime,
      duration,
      startTicks,
      durationTicks,
      independent,
      bytes: part.bytes(),
    };
  }

  complete(): CompletedSegment {
    const { index, startTime, duration, startTicks, durationTicks, discontinuity } = this;
    return {
      kind: 'segmentComplete',
      index,
      startTime,
      duration,
      startTicks,
      durationTicks,
      discontinuity,
      partCount: this.#partCount,
      bytes: this.bytes(),
    };
  }
}
