// The plain, immutable input of the MPD writer. The integration layer (packager/live/dash-snapshot.ts)
// maps the live model into this shape; nothing here knows about timelines, clocks or HTTP.
//
// Time on the MPD timeline (ISO/IEC 23009-1 §5.3.9.5.3, DASH-IF timing model): a segment whose
// SegmentTimeline start is `t` begins at wall-clock time
//   availabilityStartTime + period.start + (t - presentationTimeOffset) / timescale.

/** `urn:mpeg:dash:utc:<scheme>:2014`: the clock-sync methods dash.js supports besides `direct`. */
export type UtcTimingScheme = 'http-iso' | 'http-xsdate' | 'http-head';

/** One `UTCTiming` element; the first listed is preferred. */
export interface UtcTimingSnapshot {
  readonly scheme: UtcTimingScheme;
  /** The time endpoint; absolute is safest (dash.js does not resolve it against the MPD). */
  readonly url: string;
}

/** `ServiceDescription` (23009-1 Annex K): the latency the service aims for and how players may steer. */
export interface ServiceDescriptionSnapshot {
  readonly latency: {
    /** Milliseconds, `min <= target <= max`. */
    readonly targetMs: number;
    readonly minMs: number;
    readonly maxMs: number;
    /** `ProducerReferenceTime@id` the latency is measured against (every adaptation set has it), or `null`. */
    readonly referenceId: number | null;
  };
  /** Playback rate bounds for catch-up, `min <= 1 <= max`. */
  readonly playbackRate: { readonly min: number; readonly max: number };
}

/** A frame rate as a fraction: 29.97 fps is 30000/1001. */
export interface FrameRate {
  readonly numerator: number;
  readonly denominator: number;
}

/** One segment on a SegmentTimeline, in timescale units. */
export interface TimelineSegmentSnapshot {
  /** Media time of its first sample (its `tfdt`). */
  readonly start: number;
  readonly duration: number;
}

/** `SegmentTemplate` with a `SegmentTimeline`, shared by every representation of its adaptation set. */
export interface SegmentTemplateSnapshot {
  readonly timescale: number;
  /** Media time that sits at the period start. */
  readonly presentationTimeOffset: number;
  /** Initialisation URL template (relative to the BaseURL or the MPD). */
  readonly initialization: string;
  /** Media URL template; must contain `$Number$`. */
  readonly media: string;
  /** Number of `segments[0]`; each later segment's number is one more. */
  readonly startNumber: number;
  /**
   * Seconds a segment may be requested before its end (LL-DASH: chunks are streamed as they are
   * made). 0 leaves the attribute out. Must stay below the last segment's duration.
   */
  readonly availabilityTimeOffset: number;
  /** `false`: a requested segment may still be growing (chunked transfer); LL-DASH clients key on it. */
  readonly availabilityTimeComplete: boolean;
  /** Oldest first; the last may be the one being made, listed with its expected duration. */
  readonly segments: readonly TimelineSegmentSnapshot[];
}

/** `ProducerReferenceTime`: which wall-clock time a media time was produced at. */
export interface ProducerReferenceTimeSnapshot {
  readonly id: number;
  readonly wallClockTime: Date;
  /** Media time, in the adaptation set's timescale. */
  readonly presentationTime: number;
}

export interface RepresentationSnapshot {
  /** Unique within the period; keep it the same across periods for the same rendition. */
  readonly id: string;
  /** Bits per second. */
  readonly bandwidth: number;
  /** RFC 6381 codec string, e.g. `avc1.64001f`. */
  readonly codecs: string;
  readonly width?: number;
  readonly height?: number;
  readonly frameRate?: FrameRate;
  /** Hz. */
  readonly audioSamplingRate?: number;
  /** `AudioChannelConfiguration` (23003-3 scheme: the channel count). */
  readonly audioChannels?: number;
}

export interface AdaptationSetSnapshot {
  /** Unique within the period and the same for the same content in every period. */
  readonly id: number;
  readonly contentType: 'video' | 'audio';
  readonly mimeType: string;
  readonly segmentTemplate: SegmentTemplateSnapshot;
  readonly producerReferenceTime: ProducerReferenceTimeSnapshot | null;
  readonly representations: readonly RepresentationSnapshot[];
}

export interface PeriodSnapshot {
  /** Stable across MPD updates. */
  readonly id: string;
  /** Seconds from `availabilityStartTime`; periods are in increasing order. */
  readonly start: number;
  readonly adaptationSets: readonly AdaptationSetSnapshot[];
}

export interface MpdSnapshot {
  /** Zero of the MPD timeline; never changes for a stream. */
  readonly availabilityStartTime: Date;
  /** When this MPD was generated. */
  readonly publishTime: Date;
  /** Seconds; left out once `ended` (no more updates). */
  readonly minimumUpdatePeriod: number;
  /** Seconds of media behind the live edge that stays listed. */
  readonly timeShiftBufferDepth: number;
  /** Seconds; the longest segment any representation may have. */
  readonly maxSegmentDuration: number;
  /** Seconds. */
  readonly minBufferTime: number;
  /** Seconds; for players that do not read `ServiceDescription`. */
  readonly suggestedPresentationDelay: number | null;
  readonly serviceDescription: ServiceDescriptionSnapshot | null;
  /** At least one (DASH-IF timing model: a dynamic MPD SHALL include a UTCTiming). */
  readonly utcTimings: readonly UtcTimingSnapshot[];
  /** MPD-level `BaseURL` that media templates resolve against; `null` resolves them against the MPD. */
  readonly baseUrl: string | null;
  readonly periods: readonly PeriodSnapshot[];
  /** The stream is over: no `minimumUpdatePeriod`; the last period gets its `duration`. */
  readonly ended: boolean;
}

/**
 * A static MPD (video on demand, ISO/IEC 23009-1 §5.3.1.2 MPD@type="static"): the whole presentation
 * is known, so there is no availabilityStartTime, no clock and no updates. Templates carry no
 * availability offsets (every segment exists) and no ProducerReferenceTime is needed.
 */
export interface StaticMpdSnapshot {
  /** Seconds; the longest segment of any representation. */
  readonly maxSegmentDuration: number;
  /** Seconds. */
  readonly minBufferTime: number;
  /** MPD-level `BaseURL`; `null` resolves media templates against the MPD. */
  readonly baseUrl: string | null;
  /** In order, back to back: each starts where the media of the one before it ends (the first at 0). */
  readonly periods: readonly PeriodSnapshot[];
}
