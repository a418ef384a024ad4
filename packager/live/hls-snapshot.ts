import type { BlockingReloadState } from '../hls/blocking-reload.ts';
import type { MediaPlaylistSnapshot, PartSnapshot } from '../hls/media-playlist-snapshot.ts';
import type { MultivariantPlaylistSnapshot } from '../hls/multivariant-snapshot.ts';
import { playlistTail } from '../hls/playlist-tail.ts';
import { type LivePackager, type TrackId, trackKindOf } from './live-packager.ts';
import type { LivePart, TrackTimeline } from './track-timeline.ts';

/**
 * Maps a live packager onto the playlist writers' plain snapshots. URL layout,
 * relative to /hls/<stream>/ (deterministic, no session state):
 *   index.m3u8                      multivariant
 *   video.m3u8, audio.m3u8          media playlists
 *   <track>/<run>/init.mp4          initialisation section (init-<v>.mp4 after a source change)
 *   <track>/<run>/<msn>.m4s         segment
 *   <track>/<run>/<msn>.<part>.m4s  part
 * `<run>` changes when the packager restarts from scratch, so an immutable URL
 * never names two different contents.
 */
export function mediaPlaylistUri(kind: TrackId): string {
  return `${kind}.m3u8`;
}

function mediaBase(packager: LivePackager, kind: TrackId): string {
  return `${kind}/${packager.runId}`;
}

function parts(base: string, msn: number, list: readonly LivePart[]): PartSnapshot[] {
  return list.map((p, i) => ({
    uri: `${base}/${msn}.${i}.m4s`,
    duration: p.duration,
    independent: p.independent,
  }));
}

/**
 * The init a segment needs: `init.mp4` for a run's first, `init-<v>.mp4` after a source
 * came back with other settings. Each URL names one content for good (cacheable).
 */
export function initUri(base: string, version: number): string {
  return version === 0 ? `${base}/init.mp4` : `${base}/init-${version}.mp4`;
}

/** The media playlist snapshot without rendition reports (see `withRenditionReports`). */
function bareSnapshot(packager: LivePackager, kind: TrackId): MediaPlaylistSnapshot | undefined {
  const timeline = packager.tracks[kind];
  const partTarget = packager.partTarget;
  if (!timeline?.init || partTarget === undefined) return undefined;
  const base = mediaBase(packager, kind);
  const targetDuration = packager.targetDuration;
  const current = timeline.inProgress;
  return {
    targetDuration,
    partTarget,
    mapUri: initUri(base, timeline.segments[0]?.initVersion ?? current?.initVersion ?? timeline.init.version),
    firstMsn: timeline.segments[0]?.msn ?? timeline.currentMsn,
    discontinuitySequence: timeline.discontinuitySequence,
    segments: timeline.segments.map((s) => ({
      msn: s.msn,
      uri: `${base}/${s.msn}.m4s`,
      duration: s.duration,
      programDateTime: new Date(s.programDateTimeMs),
      discontinuity: s.discontinuity,
      mapUri: initUri(base, s.initVersion),
      parts: parts(base, s.msn, s.parts),
    })),
    inProgress: current
      ? {
          programDateTime: new Date(current.programDateTimeMs),
          discontinuity: current.discontinuity,
          mapUri: initUri(base, current.initVersion),
          parts: parts(base, current.msn, current.parts),
        }
      : null,
    preloadHint: timeline.ended
      ? null
      : { uri: `${base}/${timeline.currentMsn}.${current?.parts.length ?? 0}.m4s` },
    renditionReports: [],
    ended: timeline.ended,
    // Apple: PART-HOLD-BACK at least 3 x PART-TARGET; HOLD-BACK at least 3 x target duration.
    partHoldBack: Math.round(3 * partTarget * 100_000) / 100_000,
    holdBack: 3 * targetDuration,
    canSkipUntil: 6 * targetDuration,
  };
}

export function mediaPlaylistSnapshot(
  packager: LivePackager,
  kind: TrackId,
): MediaPlaylistSnapshot | undefined {
  const own = bareSnapshot(packager, kind);
  if (!own) return undefined;
  const renditionReports = [];
  for (const other of packager.trackIds) {
    if (other === kind) continue;
    const tail = bareSnapshot(packager, other);
    const position = tail && playlistTail(tail);
    if (position)
      renditionReports.push({
        uri: mediaPlaylistUri(other),
        lastMsn: position.lastMsn,
        lastPart: position.lastPart,
      });
  }
  return { ...own, renditionReports };
}

/** Peak and average bits per second over the segments in the window (parts before the first segment). */
export function measuredBitrate(timeline: TrackTimeline): { peak: number; average: number } {
  let bytes = 0;
  let seconds = 0;
  let peak = 0;
  for (const s of timeline.segments) {
    bytes += s.byteLength;
    seconds += s.duration;
    if (s.duration > 0) peak = Math.max(peak, (s.byteLength * 8) / s.duration);
  }
  if (seconds === 0) {
    for (const p of timeline.inProgress?.parts ?? []) {
      bytes += p.bytes.length;
      seconds += p.duration;
    }
  }
  const average = seconds > 0 ? (bytes * 8) / seconds : 0;
  return { peak: Math.ceil(Math.max(peak, average, 1)), average: Math.ceil(Math.max(average, 1)) };
}

export function multivariantSnapshot(packager: LivePackager): MultivariantPlaylistSnapshot | undefined {
  const audio = packager.tracks.audio;
  const audioTrack = audio?.init?.track;
  // One variant per video rendition that has media (a ladder lists several, best first).
  const videos = packager.trackIds
    .filter((id) => trackKindOf(id) === 'video')
    .map((id) => ({ id, timeline: packager.tracks[id] as TrackTimeline }))
    .filter(({ timeline }) => timeline.init !== undefined);
  if (videos.length === 0 && !audioTrack) return undefined;
  const audioRate = audio ? measuredBitrate(audio) : { peak: 0, average: 0 };
  const audioGroupId = audioTrack && videos.length > 0 ? 'audio' : null;
  const audioRenditions = audioGroupId
    ? [
        {
          groupId: audioGroupId,
          name: 'main',
          language: null,
          isDefault: true,
          autoselect: true,
          channels: audioTrack?.channelCount ?? 2,
          uri: mediaPlaylistUri('audio'),
        },
      ]
    : [];
  if (videos.length === 0) {
    return {
      audioRenditions,
      variants: [
        {
          uri: mediaPlaylistUri('audio'),
          bandwidth: audioRate.peak,
          averageBandwidth: audioRate.average,
          videoCodec: null,
          audioCodec: audioTrack?.codec ?? null,
          resolution: null,
          frameRate: null,
          audioGroupId: null,
        },
      ],
    };
  }
  return {
    audioRenditions,
    variants: videos.map(({ id, timeline }) => {
      const videoTrack = timeline.init?.track;
      const videoRate = measuredBitrate(timeline);
      return {
        uri: mediaPlaylistUri(id),
        bandwidth: videoRate.peak + audioRate.peak,
        averageBandwidth: videoRate.average + audioRate.average,
        videoCodec: videoTrack?.codec ?? null,
        audioCodec: audioTrack?.codec ?? null,
        resolution:
          videoTrack?.width && videoTrack.height
            ? { width: videoTrack.width, height: videoTrack.height }
            : null,
        frameRate: packager.frameRateOf(id) ?? null,
        audioGroupId,
      };
    }),
  };
}

/** The blocking-reload state straight from the timeline: cheap enough to re-check on every part. */
export function blockingStateOf(timeline: TrackTimeline, partTarget: number): BlockingReloadState {
  const last = timeline.segments.at(-1);
  return {
    lastMsn: timeline.currentMsn,
    lastPart: (timeline.inProgress?.parts.length ?? 0) - 1,
    previousSegmentPartCount: last && last.msn === timeline.currentMsn - 1 ? last.parts.length : 0,
    partTarget,
    ended: timeline.ended,
  };
}
