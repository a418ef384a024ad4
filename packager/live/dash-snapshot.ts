import { frameRateFraction } from '../dash/frame-rate.ts';
import { lowLatencySettings } from '../dash/low-latency-settings.ts';
import type {
  AdaptationSetSnapshot,
  MpdSnapshot,
  PeriodSnapshot,
  RepresentationSnapshot,
  UtcTimingSnapshot,
} from '../dash/mpd-snapshot.ts';
import { findBox, iterateBoxes } from '../fmp4/box-iterator.ts';
import { BOX } from '../fmp4/box-types.ts';
import { readUint8, readUint32, readUint64 } from '../fmp4/bytes.ts';
import { initUri, measuredBitrate } from './hls-snapshot.ts';
import { type LivePackager, type TrackKind, trackKindOf } from './live-packager.ts';
import type { TrackTimeline } from './track-timeline.ts';

/**
 * Maps a live packager onto the MPD writer's snapshot (LL-DASH). The MPD lives at
 * /dash/<stream>/manifest.mpd; its BaseURL points at the LL-HLS media (`../../hls/<stream>/`), so
 * both protocols fetch the very same files (one CDN object per chunk):
 *   <track>/<run>/init.mp4 (init-<v>.mp4)   SegmentTemplate@initialization
 *   <track>/<run>/$Number$.m4s              SegmentTemplate@media: $Number$ is the HLS MSN
 * The segment being made is listed too: LL-DASH players request it early (availabilityTimeOffset)
 * and read it as its parts arrive (the server streams it with chunked transfer); so is the one
 * after it, announced ahead (see announceNext).
 *
 * Timing. MPD@availabilityStartTime is the packager's start, so presentation times stay small
 * (Chrome mishandles audio past ~49 days of timestamps). Each FFmpeg session restarts media time,
 * so each is a Period (id `p<discontinuity sequence number>`, as in the HLS playlists). Within it
 * S@t is the segment's own `tfdt` (read from its first `moof`: TrackTimeline keeps no media
 * times), and presentationTimeOffset is 0 with Period@start at the session's anchor, the wall
 * clock of media time 0 (program date-time minus tfdt / timescale). So for every segment of both
 * tracks: availabilityStartTime + Period@start + S@t / timescale = its EXT-X-PROGRAM-DATE-TIME.
 */

/** What the MPD needs of a packager (tests pass a plain object with real timelines). */
export type PackagerForDash = Pick<
  LivePackager,
  'runId' | 'partTarget' | 'targetDuration' | 'frameRate' | 'keyframeInterval' | 'tracks'
> &
  Partial<Pick<LivePackager, 'trackIds' | 'frameRateOf'>>;

export interface DashSnapshotOptions {
  /** The stream's name, for the default BaseURL `../../hls/<name>/`. */
  streamName: string;
  /** Clock sources for players (the origin's time endpoint); at least one. Absolute URLs are safest. */
  utcTimings: readonly UtcTimingSnapshot[];
  /** Wall clock now, ms since the epoch (MPD@publishTime). */
  now: number;
  /** Where media URLs resolve, relative to the MPD; default `../../hls/<streamName>/`. */
  mediaBaseUrl?: string;
  /** Default: the packager's start, read from its run id (see `packagerStartMs`). */
  availabilityStartTimeMs?: number;
  /** Overrides of `lowLatencySettings` (e.g. from config). */
  latency?: { targetMs: number; minMs: number; maxMs: number };
}

const KINDS: readonly TrackKind[] = ['video', 'audio'];
/** Audio and video runs of one FFmpeg session share its anchor exactly; 1 ms absorbs float error. */
const SAME_SESSION_MS = 1;

/** One segment placed on its track's media timeline. */
interface PlacedSegment {
  msn: number;
  /** Timescale units: `tfdt` of its first fragment, and its length (expected length if in progress). */
  start: number;
  duration: number;
  complete: boolean;
}

/** A complete segment or the one being made, as TrackTimeline holds it. */
interface TimelineEntry {
  msn: number;
  /** Seconds (so far, for the one being made). */
  duration: number;
  programDateTimeMs: number;
  discontinuity: boolean;
  initVersion: number;
  firstPart: Uint8Array;
  complete: boolean;
}

/** Consecutive segments of one track from one FFmpeg session: one AdaptationSet of one Period. */
interface SessionRun {
  kind: TrackKind;
  /** Discontinuity sequence number: counts source restarts, like EXT-X-DISCONTINUITY-SEQUENCE. */
  sequence: number;
  /** Wall clock (ms) of media time 0 of the session. */
  anchorMs: number;
  initVersion: number;
  timescale: number;
  segments: PlacedSegment[];
}

/**
 * The packager's start (ms since the epoch): LivePackager's run id is `now().toString(36)` at
 * construction, before any media, so it precedes every segment. (A `startedAtMs` field on
 * LivePackager would say this without decoding; see the report.)
 */
export function packagerStartMs(runId: string): number {
  const ms = /^[0-9a-z]{1,11}$/.test(runId) ? Number.parseInt(runId, 36) : Number.NaN;
  if (!Number.isSafeInteger(ms))
    throw new RangeError(`run id ${JSON.stringify(runId)} is not a base-36 start time`);
  return ms;
}

/** `baseMediaDecodeTime` of the first `moof` in a part, or undefined when unreadable. */
export function firstDecodeTime(bytes: Uint8Array): number | undefined {
  try {
    for (const box of iterateBoxes(bytes)) {
      if (box.type !== BOX.moof) continue;
      const tfdt = findBox(box.payload, [BOX.traf, BOX.tfdt])?.payload;
      if (tfdt === undefined) return undefined;
      return readUint8(tfdt, 0) === 1 ? readUint64(tfdt, 4) : readUint32(tfdt, 4);
    }
  } catch {
    // A part that does not parse has no usable media time; the caller drops it.
  }
  return undefined;
}

function timescaleOf(timeline: TrackTimeline, initVersion: number): number | undefined {
  return (timeline.initFor(initVersion) ?? timeline.init)?.track.timescale;
}

/**
 * Splits a track's window into session runs. A new run starts at a discontinuity, a new init, a
 * gap in MSNs or media time going backwards (only a restarted source does that).
 */
function sessionRuns(
  kind: TrackKind,
  timeline: TrackTimeline,
  packager: PackagerForDash,
  partTarget: number,
): SessionRun[] {
  const runs: SessionRun[] = [];
  let sequence = timeline.discontinuitySequence;
  const entries: TimelineEntry[] = timeline.segments.map((s) => ({
    ...s,
    firstPart: s.parts[0]?.bytes ?? s.bytes,
    complete: true,
  }));
  const current = timeline.inProgress;
  const firstPart = current?.parts[0]?.bytes;
  if (current && firstPart && !timeline.ended) {
    const duration = current.parts.reduce((sum, part) => sum + part.duration, 0);
    entries.push({ ...current, duration, firstPart, complete: false });
  }
  for (const entry of entries) {
    if (entry.discontinuity) sequence++;
    const timescale = timescaleOf(timeline, entry.initVersion);
    const start = firstDecodeTime(entry.firstPart);
    if (timescale === undefined || start === undefined) continue;
    const ticks = Math.round(entry.duration * timescale);
    let run = runs.at(-1);
    const previous = run?.segments.at(-1);
    const continues =
      run !== undefined &&
      previous !== undefined &&
      !entry.discontinuity &&
      run.initVersion === entry.initVersion &&
      entry.msn === previous.msn + 1 &&
      start > previous.start;
    if (!continues) {
      run = {
        kind,
        sequence,
        anchorMs: entry.programDateTimeMs - (start / timescale) * 1000,
        initVersion: entry.initVersion,
        timescale,
        segments: [],
      };
      runs.push(run);
    } else if (previous && start < previous.start + previous.duration) {
      previous.duration = start - previous.start; // never overlap: S@d is the distance to the next S@t
    }
    (run as SessionRun).segments.push({
      msn: entry.msn,
      start,
      duration: entry.complete ? ticks : expectedDuration(run as SessionRun, ticks, packager, partTarget),
      complete: entry.complete,
    });
  }
  // A run that restarted without a discontinuity keeps only its newest part: ids stay unique.
  const kept = runs.filter((run, index) => runs.findLastIndex((r) => r.sequence === run.sequence) === index);
  const newest = kept.at(-1);
  if (newest && !timeline.ended) announceNext(newest, packager);
  return kept;
}

/**
 * Lists the segment after the newest one before it exists. dash.js refreshes an MPD at most once
 * a second and, with a SegmentTimeline, asks only for listed segments: were a segment listed only
 * once its first part exists, it would learn of it 0.2-1.2 s into it, which at a 1 s live delay
 * drains the buffer whenever the refresh phase drifts late (a stall every minute or so). Announced
 * a segment ahead, it asks at the segment's availability time; the origin holds that request until
 * the segment begins and then streams it. Its start and length are predictions, corrected by later
 * MPDs: media times come from the segments themselves, so a player is never misled about them.
 */
function announceNext(run: SessionRun, packager: PackagerForDash): void {
  const last = run.segments.at(-1) as PlacedSegment;
  run.segments.push({
    msn: last.msn + 1,
    start: last.start + last.duration,
    duration: typicalDuration(run, packager),
    complete: false,
  });
}

/**
 * The segment being made has no duration yet. It is listed with the one it will most likely have:
 * the previous segment's (passthrough GOPs repeat), else the source's keyframe interval, else the
 * target duration; once it has outgrown that, what it has plus one part.
 */
function expectedDuration(
  run: SessionRun,
  soFar: number,
  packager: PackagerForDash,
  partTarget: number,
): number {
  const guess = typicalDuration(run, packager);
  return soFar < guess ? guess : soFar + Math.max(1, Math.round(partTarget * run.timescale));
}

/** The newest complete segment's length, else the source's keyframe interval, else the target. */
function typicalDuration(run: SessionRun, packager: PackagerForDash): number {
  return (
    run.segments.findLast((s) => s.complete)?.duration ??
    Math.round((packager.keyframeInterval ?? packager.targetDuration) * run.timescale)
  );
}

function representation(
  kind: TrackKind,
  timeline: TrackTimeline,
  run: SessionRun,
  packager: PackagerForDash,
  id: string = kind,
) {
  const track = (timeline.initFor(run.initVersion) ?? timeline.init)?.track;
  const frameRate = packager.frameRateOf?.(id) ?? packager.frameRate;
  const base: RepresentationSnapshot = {
    id,
    bandwidth: measuredBitrate(timeline).peak,
    codecs: track?.codec ?? '',
  };
  if (kind === 'video') {
    return {
      ...base,
      ...(track?.width ? { width: track.width } : {}),
      ...(track?.height ? { height: track.height } : {}),
      ...(frameRate ? { frameRate: frameRateFraction(frameRate) } : {}),
    };
  }
  return {
    ...base,
    ...(track?.sampleRate ? { audioSamplingRate: track.sampleRate } : {}),
    ...(track?.channelCount ? { audioChannels: track.channelCount } : {}),
  };
}

/** The first video track: it decides the video timeline (`video` in passthrough). */
function leaderVideoId(packager: PackagerForDash): string {
  return (packager.trackIds ?? KINDS).find((id) => trackKindOf(id) === 'video') ?? 'video';
}

/** The other video renditions of a ladder whose init matches the leader's session. */
function otherRenditions(
  packager: PackagerForDash,
  run: SessionRun,
): { id: string; timeline: TrackTimeline }[] {
  const leader = leaderVideoId(packager);
  return (packager.trackIds ?? [])
    .filter((id) => id !== leader && trackKindOf(id) === 'video')
    .map((id) => ({ id, timeline: packager.tracks[id] as TrackTimeline }))
    .filter(({ timeline }) => timeline?.initFor(run.initVersion) !== undefined);
}

function adaptationSet(
  run: SessionRun,
  timeline: TrackTimeline,
  packager: PackagerForDash,
  periodWallClockMs: number,
  partTarget: number,
  /** Further video renditions of a ladder: same segment timeline (their keyframes are aligned). */
  renditions: readonly { id: string; timeline: TrackTimeline }[] = [],
): AdaptationSetSnapshot {
  // With a ladder the template names each rendition's own files ($RepresentationID$ = track id).
  const base = `${renditions.length > 0 ? '$RepresentationID$' : run.kind}/${packager.runId}`;
  // Media time at the period start: 0, since the period starts at the session's anchor (rounded to
  // the ms, an error players cannot see). Only a period that had to start later (see dashSnapshot)
  // skips the media before it. Never derived from sub-ms noise: it must not change between updates.
  const lateByMs = periodWallClockMs - run.anchorMs;
  const presentationTimeOffset = lateByMs > 1 ? Math.round((lateByMs / 1000) * run.timescale) : 0;
  const last = run.segments.at(-1) as PlacedSegment;
  // DASH-IF LL-DASH: a segment may be requested once its first chunk exists, i.e. one part after
  // it starts: availabilityTimeOffset = segment duration - part duration.
  const availabilityTimeOffset = Math.max(
    0,
    Math.floor((last.duration / run.timescale - partTarget) * 1000) / 1000,
  );
  return {
    id: run.kind === 'video' ? 1 : 2,
    contentType: run.kind,
    mimeType: run.kind === 'video' ? 'video/mp4' : 'audio/mp4',
    segmentTemplate: {
      timescale: run.timescale,
      presentationTimeOffset,
      initialization: initUri(base, run.initVersion),
      media: `${base}/$Number$.m4s`,
      startNumber: (run.segments[0] as PlacedSegment).msn,
      availabilityTimeOffset,
      availabilityTimeComplete: availabilityTimeOffset === 0,
      segments: run.segments.map(({ start, duration }) => ({ start, duration })),
    },
    producerReferenceTime: {
      id: 0,
      wallClockTime: new Date(periodWallClockMs),
      presentationTime: presentationTimeOffset,
    },
    representations: [
      representation(
        run.kind,
        timeline,
        run,
        packager,
        renditions.length > 0 ? leaderVideoId(packager) : run.kind,
      ),
      ...renditions.map((r) => representation(run.kind, r.timeline, run, packager, r.id)),
    ],
  };
}

/**
 * The MPD snapshot of a live packager, or undefined before it has media (no PART-TARGET, no init,
 * no segment yet). Both tracks are listed; the video track (or audio alone) decides the periods.
 */
export function dashSnapshot(
  packager: PackagerForDash,
  options: DashSnapshotOptions,
): MpdSnapshot | undefined {
  const partTarget = packager.partTarget;
  if (partTarget === undefined) return undefined;
  // The leading video rendition stands for video (a ladder's others join its AdaptationSet).
  const trackOf = (kind: TrackKind) => packager.tracks[kind === 'video' ? leaderVideoId(packager) : kind];
  const kinds = KINDS.filter((kind) => trackOf(kind)?.init !== undefined);
  const runsByKind = new Map(
    kinds.map((kind) => [kind, sessionRuns(kind, trackOf(kind) as TrackTimeline, packager, partTarget)]),
  );
  const leader = kinds.find((kind) => (runsByKind.get(kind) ?? []).length > 0);
  if (leader === undefined) return undefined;
  const astMs = options.availabilityStartTimeMs ?? packagerStartMs(packager.runId);
  const leaderRuns = runsByKind.get(leader) ?? [];

  const periods: PeriodSnapshot[] = [];
  let previousStartMs = Number.NEGATIVE_INFINITY;
  leaderRuns.forEach((leaderRun, index) => {
    const members = kinds.flatMap((kind) => {
      if (kind === leader) return [leaderRun];
      const match = runsByKind
        .get(kind)
        ?.find((r) => Math.abs(r.anchorMs - leaderRun.anchorMs) < SAME_SESSION_MS);
      return match ? [match] : [];
    });
    // DASH-IF: the set of adaptation sets of a period never changes. A new session's period waits
    // until every track has media in it, unless a track stays silent a whole segment (then it has none).
    const newest = index === leaderRuns.length - 1;
    if (newest && members.length < kinds.length && !leaderRun.segments.some((s) => s.complete)) return;
    // Period@start at the session's anchor (ms); later than the previous one, and not before the AST.
    const startMs = Math.max(Math.round(leaderRun.anchorMs - astMs), 0, previousStartMs + 1);
    previousStartMs = startMs;
    periods.push({
      id: `p${leaderRun.sequence}`,
      start: startMs / 1000,
      adaptationSets: members.map((run) =>
        adaptationSet(
          run,
          trackOf(run.kind) as TrackTimeline,
          packager,
          astMs + startMs,
          partTarget,
          run.kind === 'video' ? otherRenditions(packager, run) : [],
        ),
      ),
    });
  });
  if (periods.length === 0) return undefined;

  const settings = lowLatencySettings(partTarget, packager.targetDuration);
  const latency = options.latency ?? settings.latency;
  const listed = [...runsByKind.values()]
    .flat()
    .flatMap((run) => run.segments.map((s) => s.duration / run.timescale));
  const behindLiveEdge = leaderRuns.flatMap((run) =>
    run.segments.filter((s) => s.complete).map((s) => s.duration / run.timescale),
  );
  const ended = kinds.every((kind) => trackOf(kind)?.ended);
  return {
    availabilityStartTime: new Date(astMs),
    publishTime: new Date(options.now),
    minimumUpdatePeriod: settings.minimumUpdatePeriod,
    timeShiftBufferDepth: Math.max(
      packager.targetDuration,
      behindLiveEdge.reduce((sum, d) => sum + d, 0),
    ),
    maxSegmentDuration: Math.ceil(Math.max(packager.targetDuration, ...listed) * 1000) / 1000,
    minBufferTime: settings.minBufferTime,
    suggestedPresentationDelay: latency.targetMs / 1000,
    serviceDescription: { latency: { ...latency, referenceId: 0 }, playbackRate: settings.playbackRate },
    utcTimings: options.utcTimings,
    baseUrl: options.mediaBaseUrl ?? `../../hls/${encodeURIComponent(options.streamName)}/`,
    periods,
    ended,
  };
}
