import { frameRateFraction } from '../dash/frame-rate.ts';
import type {
  AdaptationSetSnapshot,
  PeriodSnapshot,
  RepresentationSnapshot,
  StaticMpdSnapshot,
} from '../dash/mpd-snapshot.ts';
import { periodMediaEnd } from '../dash/period.ts';
import { leadingTrack, type RecordedTrack, recordedBitrate, recordedFrameRate } from './recorded-track.ts';
import type { RecordedInit } from './recording-journal.ts';
import { initFile, SEGMENT_FILE_TEMPLATE } from './recording-layout.ts';

/**
 * The static MPD of a finished recording. Each source session (media time starts over after a
 * reconnect, possibly with a new init) is a Period; periods play back to back, so the time the
 * publisher was away is not in the presentation (as in the HLS playlists, whose EXTINFs simply
 * add up). Segments a lagging disk lost leave a gap inside their period (an S@t of its own).
 *
 * Within a period the leading track's first segment is at the period start; another track's
 * presentationTimeOffset is its media time at the same wall-clock instant (both tracks of one
 * FFmpeg session share one wall-clock anchor: program date-time minus tfdt / timescale).
 */

/** Audio and video of one FFmpeg session share its anchor exactly; 1 ms absorbs float error. */
const SAME_SESSION_MS = 1;

interface SessionRun {
  track: RecordedTrack;
  init: RecordedInit;
  /** Wall clock (ms) of media time 0 of the session. */
  anchorMs: number;
  /** Wall clock (ms) of the run's first sample. */
  firstMs: number;
  startNumber: number;
  /** Timescale units; a duration is cut short where the next segment starts earlier. */
  segments: { start: number; duration: number }[];
}

function sessionRuns(track: RecordedTrack): SessionRun[] {
  const runs: SessionRun[] = [];
  for (const [index, segment] of track.segments.entries()) {
    const init = track.inits.get(segment.initVersion) as RecordedInit;
    const ticks = Math.max(1, Math.round(segment.duration * init.timescale));
    let run = runs.at(-1);
    const previous = run?.segments.at(-1);
    const previousEnd = previous ? previous.start + previous.duration : 0;
    // A segment whose tfdt did not parse is placed right after its predecessor.
    const start = segment.start ?? previousEnd;
    const continues =
      run !== undefined &&
      previous !== undefined &&
      index > 0 &&
      !segment.discontinuity &&
      run.init.version === segment.initVersion &&
      start > previous.start;
    if (!continues) {
      run = {
        track,
        init,
        anchorMs: segment.programDateTimeMs - (start / init.timescale) * 1000,
        firstMs: segment.programDateTimeMs,
        startNumber: segment.n,
        segments: [],
      };
      runs.push(run);
    } else if (previous && start < previousEnd) {
      previous.duration = start - previous.start; // never overlap: S@d is the distance to the next S@t
    }
    (run as SessionRun).segments.push({ start, duration: ticks });
  }
  return runs;
}

function representation(run: SessionRun): RepresentationSnapshot {
  const { init, track } = run;
  const frameRate = recordedFrameRate(track);
  const base = { id: track.id, bandwidth: recordedBitrate(track).peak, codecs: init.codec };
  if (track.kind === 'video') {
    return {
      ...base,
      ...(init.width ? { width: init.width } : {}),
      ...(init.height ? { height: init.height } : {}),
      ...(frameRate ? { frameRate: frameRateFraction(frameRate) } : {}),
    };
  }
  return {
    ...base,
    ...(init.sampleRate ? { audioSamplingRate: init.sampleRate } : {}),
    ...(init.channelCount ? { audioChannels: init.channelCount } : {}),
  };
}

/** Runs whose segments line up exactly (ABR renditions of one encoder) share an adaptation set. */
function alignmentKey(run: SessionRun, presentationTimeOffset: number): string {
  return JSON.stringify([
    run.track.kind,
    run.init.timescale,
    run.init.version,
    run.startNumber,
    presentationTimeOffset,
    run.segments,
  ]);
}

function adaptationSets(
  members: readonly { run: SessionRun; presentationTimeOffset: number }[],
  setIdOf: (track: RecordedTrack) => number,
): AdaptationSetSnapshot[] {
  const groups = new Map<string, { run: SessionRun; presentationTimeOffset: number }[]>();
  for (const member of members) {
    const key = alignmentKey(member.run, member.presentationTimeOffset);
    groups.set(key, [...(groups.get(key) ?? []), member]);
  }
  return [...groups.values()].map((group) => {
    const { run, presentationTimeOffset } = group[0] as (typeof group)[number];
    // One rendition names its own directory; several share a template through $RepresentationID$.
    const directory = group.length === 1 ? run.track.id : '$RepresentationID$';
    return {
      id: setIdOf(run.track),
      contentType: run.track.kind,
      mimeType: run.track.kind === 'video' ? 'video/mp4' : 'audio/mp4',
      segmentTemplate: {
        timescale: run.init.timescale,
        presentationTimeOffset,
        initialization: `${directory}/${initFile(run.init.version)}`,
        media: `${directory}/${SEGMENT_FILE_TEMPLATE}`,
        startNumber: run.startNumber,
        availabilityTimeOffset: 0,
        availabilityTimeComplete: true,
        segments: run.segments,
      },
      producerReferenceTime: null,
      representations: group.map((member) => representation(member.run)),
    };
  });
}

/** The MPD snapshot of recorded tracks (at least one, each with a segment). */
export function vodDash(tracks: readonly RecordedTrack[]): StaticMpdSnapshot {
  const leader = leadingTrack(tracks);
  if (!leader) throw new RangeError('a VOD MPD needs at least one recorded track');
  const runsByTrack = new Map(tracks.map((track) => [track, sessionRuns(track)]));
  // Adaptation set ids stay the same in every period: one per track, by its place in the list.
  const setIdOf = (track: RecordedTrack) => tracks.indexOf(track) + 1;

  const periods: PeriodSnapshot[] = [];
  let start = 0;
  for (const [index, leaderRun] of (runsByTrack.get(leader) ?? []).entries()) {
    const members = tracks.flatMap((track) => {
      const run =
        track === leader
          ? leaderRun
          : runsByTrack.get(track)?.find((r) => Math.abs(r.anchorMs - leaderRun.anchorMs) < SAME_SESSION_MS);
      if (!run) return [];
      // The period starts at the leader's first sample; this track's media time at that instant.
      const atLeaderStart = ((leaderRun.firstMs - run.anchorMs) / 1000) * run.init.timescale;
      return [{ run, presentationTimeOffset: Math.max(0, Math.round(atLeaderStart)) }];
    });
    const period: PeriodSnapshot = {
      id: `p${index}`,
      start: Math.round(start * 1000) / 1000,
      adaptationSets: adaptationSets(members, setIdOf),
    };
    periods.push(period);
    start = period.start + periodMediaEnd(period);
  }
  const longest = Math.max(...tracks.flatMap((t) => t.segments.map((s) => s.duration)));
  const maxSegmentDuration = Math.ceil(longest * 1000) / 1000;
  return { maxSegmentDuration, minBufferTime: maxSegmentDuration, baseUrl: null, periods };
}
