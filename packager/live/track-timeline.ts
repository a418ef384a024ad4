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
  /**
   * The whole segment; each part's bytes are views into it, so media is held once. Once
   * spilled to disk (a DVR window beyond the memory bound) only its first `moof` stays
   * here (its media time) and `parts` is empty: the media is in `file`.
   */
  bytes: Uint8Array;
  /** Size of the whole segment, wherever it is. */
  byteLength: number;
  /** Where the segment lives once spilled to disk. */
  file?: string;
}

/** Where a DVR window keeps segments that no longer fit in memory. */
export interface SegmentSpill {
  /** Writes a segment; resolves to its file. */
  write(msn: number, bytes: Uint8Array): Promise<string>;
  /** The segment left the window (and its grace time). */
  remove(file: string): void;
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
  /**
   * Complete segments kept in memory; older ones in the window go to `spill` (a DVR
   * window of hours). Default: all of them (no spill).
   */
  memorySegments?: number;
  spill?: SegmentSpill;
}

/** The bytes up to the end of the first `moof` (its media time), or the first 4 KiB. */
function firstMoof(bytes: Uint8Array): Uint8Array {
  let offset = 0;
  while (offset + 8 <= bytes.length) {
    const size = new DataView(bytes.buffer, bytes.byteOffset + offset, 8).getUint32(0);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (size < 8) break;
    if (type === 'moof') return bytes.slice(0, offset + size);
    offset += size;
  }
  return bytes.slice(0, 4096);
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
  readonly #spilling = new Set<LiveSegment>();
  #retired: { segment: LiveSegment; until: number }[] = [];
  #current: InProgressSegment | undefined;
  #ended = false;
  /** MSN the next segment will get; also the in-progress segment's MSN when there is one. */
  #nextMsn = 0;
  #discontinuitySequence = 0;
  /** Largest complete segment duration seen, for EXT-X-TARGETDURATION. */
  maxSegmentDuration = 0;
  readonly #options: Required<Omit<TrackTimelineOptions, 'spill' | 'memorySegments'>> &
    Pick<TrackTimelineOptions, 'spill' | 'memorySegments'>;

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
      byteLength: segment.bytes.length,
    });
    this.maxSegmentDuration = Math.max(this.maxSegmentDuration, segment.duration);
    this.#current = undefined;
    this.#nextMsn = segment.index + 1;
    this.#trim();
    this.#changed();
  }

  /** The session's clock anchor was refined before its first segment completed. */
  shiftInProgress(deltaMs: number): void {
    if (!this.#current || deltaMs === 0) return;
    this.#current.programDateTimeMs += deltaMs;
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
    const expired = this.#retired.filter((r) => r.until <= now);
    this.#retired = this.#retired.filter((r) => r.until > now);
    for (const { segment } of expired) if (segment.file) this.#options.spill?.remove(segment.file);
    this.#spillOld();
    // Inits no held segment needs any more are dropped (the current one always stays).
    const oldest = this.#retired[0]?.segment.initVersion ?? this.#segments[0]?.initVersion;
    for (const version of this.#inits.keys())
      if (version !== this.#init?.version && (oldest === undefined || version < oldest))
        this.#inits.delete(version);
  }

  /** Moves the segments past the memory bound to disk, oldest first, one write each. */
  #spillOld(): void {
    const spill = this.#options.spill;
    const keep = this.#options.memorySegments;
    if (!spill || keep === undefined) return;
    const limit = this.#segments.length - keep;
    for (let i = 0; i < limit; i++) {
      const segment = this.#segments[i] as LiveSegment;
      if (segment.file || this.#spilling.has(segment)) continue;
      this.#spilling.add(segment);
      const bytes = segment.bytes;
      spill.write(segment.msn, bytes).then(
        (file) => {
          this.#spilling.delete(segment);
          segment.file = file;
          segment.bytes = firstMoof(bytes);
          segment.parts = [];
        },
        // A failed write keeps the segment in memory: a full disk costs memory, not media.
        () => this.#spilling.delete(segment),
      );
    }
  }

  /** A complete segment still downloadable (in the window or within its grace time). */
  segment(msn: number): LiveSegment | undefined {
    // MSNs are consecutive in the window: index straight in (windows of hours hold thousands).
    const first = this.#segments[0]?.msn;
    const inWindow = first === undefined ? undefined : this.#segments[msn - first];
    if (inWindow?.msn === msn) return inWindow;
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
