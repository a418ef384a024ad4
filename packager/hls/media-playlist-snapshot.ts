// The plain, immutable input of the media playlist writer. The integration layer maps its live
// part/segment model into this shape; nothing here knows about stores, clocks or HTTP.

/** One Partial Segment (`EXT-X-PART`): a `moof`+`mdat` pair that is already complete. */
export interface PartSnapshot {
  readonly uri: string;
  /** Seconds; at most the playlist's `partTarget`. */
  readonly duration: number;
  /** The part starts with a sync sample (video keyframe; every audio part). */
  readonly independent: boolean;
}

/** A complete Media Segment: it has its final `EXTINF` duration and its own URI. */
export interface SegmentSnapshot {
  /** Media Sequence Number; must equal `firstMsn` + its index in `segments`. */
  readonly msn: number;
  readonly uri: string;
  /** Seconds; rounded to the nearest integer it must not exceed `targetDuration`. */
  readonly duration: number;
  /** Wall-clock time of the first sample (`EXT-X-PROGRAM-DATE-TIME`). */
  readonly programDateTime: Date;
  /** An encoding discontinuity precedes this segment (`EXT-X-DISCONTINUITY`). */
  readonly discontinuity: boolean;
  /** Its initialisation section when not the one in force before it (a new `EXT-X-MAP`); default: unchanged. */
  readonly mapUri?: string;
  /** Its parts, in order; the writer decides whether they are still listed. */
  readonly parts: readonly PartSnapshot[];
}

/**
 * The segment being built right now: its MSN is `firstMsn + segments.length`, it has no duration
 * and no URI yet, only the parts completed so far (possibly none).
 */
export interface InProgressSegmentSnapshot {
  readonly programDateTime: Date;
  readonly discontinuity: boolean;
  readonly mapUri?: string;
  readonly parts: readonly PartSnapshot[];
}

/** `EXT-X-PRELOAD-HINT:TYPE=PART`: the next part, requestable before it is complete. */
export interface PreloadHintSnapshot {
  readonly uri: string;
}

/** `EXT-X-RENDITION-REPORT` for one other rendition of the same presentation. */
export interface RenditionReportSnapshot {
  /** Relative URI of that rendition's media playlist. */
  readonly uri: string;
  /** MSN of the last segment in it, counting a segment that so far has only parts. */
  readonly lastMsn: number;
  /** Index of the last part of `lastMsn`; `null` when that rendition lists no parts. */
  readonly lastPart: number | null;
}

export interface MediaPlaylistSnapshot {
  /** `EXT-X-TARGETDURATION`: whole seconds, the largest segment duration rounded up; fixed per stream. */
  readonly targetDuration: number;
  /** `PART-TARGET` in seconds: the largest part duration; fixed per stream. */
  readonly partTarget: number;
  /** URI of the fMP4 initialisation section of the first segment (`EXT-X-MAP` in the header). */
  readonly mapUri: string;
  /** MSN of `segments[0]` (`EXT-X-MEDIA-SEQUENCE`). */
  readonly firstMsn: number;
  /** Discontinuity Sequence Number of `segments[0]` (`EXT-X-DISCONTINUITY-SEQUENCE`). */
  readonly discontinuitySequence: number;
  /** The complete segments of the live window, oldest first. */
  readonly segments: readonly SegmentSnapshot[];
  /** The segment being built; `null` once the stream ended or before the first part exists. */
  readonly inProgress: InProgressSegmentSnapshot | null;
  /** The part that will come next; ignored when `ended`. */
  readonly preloadHint: PreloadHintSnapshot | null;
  /** One report per other rendition. */
  readonly renditionReports: readonly RenditionReportSnapshot[];
  /** The stream is over: `EXT-X-ENDLIST`, no in-progress parts, no preload hint. */
  readonly ended: boolean;
  /** `PART-HOLD-BACK` seconds (at least 3 x `partTarget`). */
  readonly partHoldBack: number;
  /** `HOLD-BACK` seconds (at least 3 x `targetDuration`). */
  readonly holdBack: number;
  /** `CAN-SKIP-UNTIL` seconds (at least 6 x `targetDuration`); `null` when delta updates are off. */
  readonly canSkipUntil: number | null;
}
