/**
 * Groups one track's fMP4 chunks (typically one frame each) into LL-HLS parts
 * and segments. Pure: chunks in, events out, no clocks.
 *
 * Rules (rfc8216bis §4.4.4.9 as summarised in LOW-LATENCY.md): a part's DURATION
 * must be <= PART-TARGET; video segments start with an IDR. So:
 * - a part closes before a chunk that would push it past `partTarget`, and
 *   closes at once when another chunk of the last chunk's duration would not
 *   fit (the next frame cannot join it, so publish now, not one frame later);
 * - with `segmentBoundaries: 'keyframes'` a segment closes before the first
 *   independent chunk once it lasts >= `segmentTarget`;
 * - `cutAt(t)` forces a boundary before the first later chunk starting at or
 *   after `t` (independent chunks only in 'keyframes' mode): the video track
 *   decides, audio (`'external'`) follows. If audio is already past `t` the cut
 *   lands on its next chunk.
 * A single chunk longer than `partTarget` still becomes a part on its own:
 * keep chunks to one frame (FFmpeg `frag_every_frame`) so this cannot happen.
 * Events are returned in order: a chunk's `chunkAppended` precedes the
 * `partComplete` it closes; a segment's last `partComplete` precedes its `segmentComplete`.
 */
import { type PartCutterEvent, type PartInProgress, SegmentInProgress } from './part-cutter-records.ts';

export type { CompletedPart, CompletedSegment, PartCutterEvent } from './part-cutter-records.ts';
export { partTargetFor } from './part-target.ts';

export interface CutterChunk {
  bytes: Uint8Array;
  /** Decode time of the chunk's first sample, in timescale units. */
  baseMediaDecodeTime: number;
  /** In timescale units. */
  duration: number;
  independent: boolean;
}

export interface PartCutterOptions {
  timescale: number;
  /** Seconds; pass the advertised PART-TARGET from `partTargetFor`. */
  partTarget: number;
  /** Seconds (the playlist's target duration intent). */
  segmentTarget: number;
  segmentBoundaries: 'keyframes' | 'external';
  firstSegmentIndex?: number;
}

export class PartCutter {
  readonly #options: PartCutterOptions;
  /** Comparisons allow one microsecond, so 6 x 1001/30000 fits a 0.2002 s target. */
  readonly #epsilon: number;
  #nextSegmentIndex: number;
  #segment: SegmentInProgress | undefined;
  #part: PartInProgress | undefined;
  #cuts: number[] = [];
  #discontinuity = false;
  /** Bytes of the last completed segment: the next one's arena is sized from it. */
  #lastSegmentBytes = 0;

  constructor(options: PartCutterOptions) {
    if (!(options.timescale > 0)) throw new RangeError(`timescale must be > 0, got ${options.timescale}`);
    this.#options = options;
    this.#epsilon = options.timescale / 1_000_000;
    this.#nextSegmentIndex = options.firstSegmentIndex ?? 0;
  }

  /** The part being filled, for a server that streams parts before they complete. */
  get inProgressPart(): PartInProgress | undefined {
    return this.#part;
  }

  /** The segment being filled (its completed parts plus the in-progress part's chunks). */
  get inProgressSegment(): SegmentInProgress | undefined {
    return this.#segment;
  }

  push(chunk: CutterChunk): PartCutterEvent[] {
    const events: PartCutterEvent[] = [];
    const partTarget = this.#options.partTarget * this.#options.timescale + this.#epsilon;
    if (this.#segment !== undefined && this.#startsSegment(chunk, this.#segment)) {
      this.#closeSegment(events);
    } else if (this.#part !== undefined && this.#part.durationTicks + chunk.duration > partTarget) {
      this.#closePart(events);
    }
    this.#segment ??= new SegmentInProgress(
      this.#nextSegmentIndex++,
      chunk.baseMediaDecodeTime,
      this.#options.timescale,
      this.#takeDiscontinuity(),
      this.#lastSegmentBytes,
    );
    this.#part ??= this.#segment.openPart(chunk.independent, chunk.baseMediaDecodeTime);
    const stored = this.#segment.append(this.#part, chunk.bytes, chunk.duration);
    events.push({
      kind: 'chunkAppended',
      segmentIndex: this.#part.segmentIndex,
      partIndex: this.#part.partIndex,
      bytes: stored,
    });
    if (this.#part.durationTicks + chunk.duration > partTarget) this.#closePart(events);
    return events;
  }

  /** Requests a segment boundary at media time `timeSeconds` (see the rules above). */
  cutAt(timeSeconds: number): void {
    this.#cuts.push(timeSeconds);
    this.#cuts.sort((a, b) => a - b);
  }

  /** Closes the open part and segment (end of stream). */
  flush(): PartCutterEvent[] {
    const events: PartCutterEvent[] = [];
    this.#closeSegment(events);
    return events;
  }

  /** The source restarted: close what is open; the next segment carries a discontinuity. */
  reset(): PartCutterEvent[] {
    const events = this.flush();
    this.#cuts = [];
    this.#discontinuity = true;
    return events;
  }

  #startsSegment(chunk: CutterChunk, segment: SegmentInProgress): boolean {
    const { timescale, segmentTarget, segmentBoundaries } = this.#options;
    const keyframes = segmentBoundaries === 'keyframes';
    if (keyframes && !chunk.independent) return false;
    const start = chunk.baseMediaDecodeTime + this.#epsilon;
    let cut = false;
    while (this.#cuts[0] !== undefined && this.#cuts[0] * timescale <= start) {
      // a boundary at or before this segment's own start is stale: already honoured
      const at = (this.#cuts.shift() as number) * timescale;
      if (at > segment.startTicks + this.#epsilon) cut = true;
    }
    return cut || (keyframes && segment.durationTicks + this.#epsilon >= segmentTarget * timescale);
  }

  #takeDiscontinuity(): boolean {
    const discontinuity = this.#discontinuity;
    this.#discontinuity = false;
    return discontinuity;
  }

  #closePart(events: PartCutterEvent[]): void {
    if (this.#part === undefined || this.#segment === undefined) return;
    events.push(this.#segment.completePart(this.#part));
    this.#part = undefined;
  }

  #closeSegment(events: PartCutterEvent[]): void {
    this.#closePart(events);
    if (this.#segment === undefined) return;
    this.#lastSegmentBytes = this.#segment.byteLength;
    events.push(this.#segment.complete());
    this.#segment = undefined;
  }
}
