import type { TrackInfo } from '../fmp4/init-segment.ts';
import type { CompletedPart, CompletedSegment } from '../fmp4/part-cutter.ts';
import { ChangeSignal } from './change-signal.ts';

export interface TrackInit {
  bytes: Uint8Array;
  track: TrackInfo;
  /** Bumped when a new source session brings a different init. */
  version: number;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

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
  /** Which initialisation section its media needs (see TrackTimeline.initFor). */
  initVersion: number;
  parts: LivePart[];
  /** The whole segment; each part's bytes are views into it, so media is held once. */
  bytes: Uint8Array;
}

export interface InProgressSegment {
  msn: number;
  programDateTimeMs: number;
  discontinuity: boolean;
  initVersion: number;
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
  #init: TrackInit | undefined;
  /** Every init a held segment may still need, by version; a new source may bring a new one. */
  #inits = new Map<number, TrackInit>();
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

  /** The current initialisation section (the one new segments need). */
  get init(): TrackInit | undefined {
    return this.#init;
  }

  /** The initialisation section a segment of `version` needs, while any held segment needs it. */
  initFor(version: number): TrackInit | undefined {
    return this.#inits.get(version);
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

  /**
   * A source session's init. Identical bytes keep the version (a publisher coming back
   * with the same settings); different ones get a new version, so segments made before
   * keep pointing at the init they were encoded with (a new EXT-X-MAP in playlists).
   */
  setInit(bytes: Uint8Array, track: TrackInfo): void {
    const current = this.#init;
    if (current && sameBytes(current.bytes, bytes)) return;
    const version = current ? current.version + 1 : 0;
    this.#init = { bytes, track, version };
    this.#inits.set(version, this.#init);
    this.#changed();
  }

  addPart(part: CompletedPart, programDateTimeMs: number, discontinuity: boolean): void {
    if (!this.#current || this.#current.msn !== part.segmentIndex) {
      this.#current = {
        msn: part.segmentIndex,
        programDateTimeMs,
        discontinuity,
        initVersion: this.#init?.version ?? 0,
        parts: [],
      };
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
      initVersion: current.initVersion,
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
    // Inits no held segment needs any more are dropped (the current one always stays).
    const oldest = this.#retired[0]?.segment.initVersion ?? this.#segments[0]?.initVersion;
    for (const version of this.#inits.keys())
      if (version !== this.#init?.version && (oldest === undefined || version < oldest))
        this.#inits.delete(version);
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
