import { SegmentArena } from './segment-arena.ts';

/**
 * The part and segment records the part cutter fills and emits. A segment's chunks are
 * copied once, into its arena (segment-arena.ts); parts and the segment are views of it.
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
  /** The concatenation of its parts (the same bytes their views show). */
  bytes: Uint8Array;
}

export type PartCutterEvent =
  | { kind: 'chunkAppended'; segmentIndex: number; partIndex: number; bytes: Uint8Array }
  | CompletedPart
  | CompletedSegment;

/** Time span and byte span (in the segment's arena) of a part or segment being filled. */
class Span {
  chunkCount = 0;
  byteLength = 0;
  durationTicks = 0;

  constructor(
    readonly startTicks: number,
    readonly timescale: number,
  ) {}

  /** Counts a chunk laid down in the segment's arena. */
  grow(bytes: number, durationTicks: number): void {
    this.chunkCount += 1;
    this.byteLength += bytes;
    this.durationTicks += durationTicks;
  }

  get startTime(): number {
    return this.startTicks / this.timescale;
  }

  get duration(): number {
    return this.durationTicks / this.timescale;
  }
}

export class PartInProgress extends Span {
  constructor(
    readonly segmentIndex: number,
    readonly partIndex: number,
    readonly independent: boolean,
    startTicks: number,
    timescale: number,
    /** Where the part's bytes begin in its segment's arena. */
    readonly arenaOffset: number,
  ) {
    super(startTicks, timescale);
  }
}

export class SegmentInProgress extends Span {
  #partCount = 0;
  readonly #arena: SegmentArena;

  constructor(
    readonly index: number,
    startTicks: number,
    timescale: number,
    readonly discontinuity: boolean,
    /** Expected size in bytes (the previous segment's), so the arena seldom grows. */
    sizeHint: number,
  ) {
    super(startTicks, timescale);
    this.#arena = new SegmentArena(sizeHint * 1.25);
  }

  /** Copies the chunk into the segment (and so into `part`); returns the stored bytes. */
  append(part: PartInProgress, bytes: Uint8Array, durationTicks: number): Uint8Array {
    const offset = this.#arena.append(bytes);
    this.grow(bytes.length, durationTicks);
    part.grow(bytes.length, durationTicks);
    return this.#arena.view(offset, offset + bytes.length);
  }

  openPart(independent: boolean, startTicks: number): PartInProgress {
    return new PartInProgress(
      this.index,
      this.#partCount,
      independent,
      startTicks,
      this.timescale,
      this.#arena.byteLength,
    );
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
      bytes: this.#arena.view(part.arenaOffset, part.arenaOffset + part.byteLength),
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
      bytes: this.#arena.finish(),
    };
  }
}
