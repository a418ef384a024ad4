import type { TrackInfo } from '../fmp4/init-segment.ts';
import type { CompletedPart, CompletedSegment } from '../fmp4/part-cutter.ts';
import { ChangeSignal } from './change-signal.ts';

export interface LivePart {
  duration: number;
  independent: boolean;
  bytes: Uint8Array;
}

export interface LiveSegment {
  msn: number;
  duration: number;
  /** Wall-clock time of the first sample, ms since the epoch. */
  programDateTimeMs: number;
  discontinuity: boolean;
  parts: LivePart[];
  /** The whole segment; each part's bytes are views into it, so media is held once. */
  bytes: Uint8Array;
}

export interface InProgressSegment {
  msn: number;
  programDateTimeMs: number;
  discontinuity: boolean;
  parts: LivePart[];
}

export interface TrackTimelineOptions {
  windowSegments: number;
  /** Removed segments stay downloadable this long (rfc8216bis §6.2.2: 3 target durations). */
  graceMs: number;
  now?: () => number;
}

/**
 * One track's live window in memory: the init section, the last N complete
 * segments, the segment being built, and recently removed segments kept for
 * their grace time. Memory is bounded by (window + grace + 1) segments.
 */
export class TrackTimeline {
  readonly changed = new ChangeSignal();
  /** Bumped on every change: a cheap key for caching what is rendered from this timeline. */
  version = 0;
  #init: { bytes: Uint8Array; track: TrackInfo } | undefined;
  #segments: LiveSegment[] = [];
  #retired: { segment: LiveSegment; until: number }[] = [];
  #current: InProgressSegment | undefined;
  #ended = false;
  /** MSN the next segment will get; also the in-progress segment's MSN when there is one. */
  #nextMsn = 0;
  #discontinuitySequence = 0;
  /** Largest complete segment duration seen, for EXT-X-TARGETDURATION. */
  maxSegmentDuration = 0;
  readonly #options: Required<TrackTimelineOptions>;

  constructor(options: TrackTimelineOptions) {
    this.#options = { now: Date.now, ...options };
  }

  get init() {
    return this.#init;
  }
  get segments(): readonly LiveSegment[] {
    return this.#segments;
  }
  get inProgress(): InProgressSegment | undefined {
    return this.#current;
  }
  get ended(): boolean {
    return this.#ended;
  }
  get discontinuitySequence(): number {
    return this.#discontinuitySequence;
  }
  /** MSN of the segment being built (one past the last complete one). */
  get currentMsn(): number {
    return this.#current?.msn ?? this.#nextMsn;
  }

  setInit(bytes: Uint8Array, track: TrackInfo): void {
    this.#init = { bytes, track };
    this.#changed();
  }

  addPart(part: CompletedPart, programDateTimeMs: number, discontinuity: boolean): void {
    if (!this.#current || this.#current.msn !== part.segmentIndex) {
      this.#current = { msn: part.segmentIndex, programDateTimeMs, discontinuity, parts: [] };
      this.#nextMsn = part.segmentIndex;
      this.#ended = false;
    }
    this.#current.parts.push({ duration: part.duration, independent: part.independent, bytes: part.bytes });
    this.#changed();
  }

  completeSegment(segment: CompletedSegment): void {
    const current = this.#current;
    if (!current || current.msn !== segment.index) return;
    // Re-point each part at its slice of the segment, so the part copies can be freed.
    let offset = 0;
    const parts = current.parts.map((part) => {
      const view = segment.bytes.subarray(offset, offset + part.bytes.length);
      offset += part.bytes.length;
      return { ...part, bytes: view };
    });
    this.#segments.push({
      msn: segment.index,
      duration: segment.duration,
      programDateTimeMs: current.programDateTimeMs,
      discontinuity: current.discontinuity,
      parts,
      bytes: segment.bytes,
    });
    this.maxSegmentDuration = Math.max(this.maxSegmentDuration, segment.duration);
    this.#current = undefined;
    this.#nextMsn = segment.index + 1;
    this.#trim();
    this.#changed();
  }

  /** The source ended: no in-progress segment, EXT-X-ENDLIST. */
  end(): void {
    this.#current = undefined;
    this.#ended = true;
    this.#changed();
  }

  #changed(): void {
    this.version++;
    this.changed.notify();
  }

  #trim(): void {
    const now = this.#options.now();
    while (this.#segments.length > this.#options.windowSegments) {
      const removed = this.#segments.shift() as LiveSegment;
      // EXT-X-DISCONTINUITY-SEQUENCE counts the discontinuities that left the playlist.
      if (removed.discontinuity) this.#discontinuitySequence++;
      this.#retired.push({ segment: removed, until: now + this.#options.graceMs });
    }
    this.#retired = this.#retired.filter((r) => r.until > now);
  }

  /** A complete segment still downloadable (in the window or within its grace time). */
  segment(msn: number): LiveSegment | undefined {
    const inWindow = this.#segments.find((s) => s.msn === msn);
    if (inWindow) return inWindow;
    const now = this.#options.now();
    return this.#retired.find((r) => r.segment.msn === msn && r.until > now)?.segment;
  }

  /** A complete part, from the in-progress segment or a downloadable complete one. */
  part(msn: number, index: number): LivePart | undefined {
    if (this.#current?.msn === msn) return this.#current.parts[index];
    return this.segment(msn)?.parts[index];
  }

  /** Media bytes held, for the memory bound and metrics. */
  get heldBytes(): number {
    let total = 0;
    for (const s of this.#segments) total += s.bytes.length;
    for (const r of this.#retired) total += r.segment.bytes.length;
    for (const p of this.#current?.parts ?? []) total += p.bytes.length;
    return total;
  }
}
