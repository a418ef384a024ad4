// Test support for the media playlist writer: a snapshot builder driven by a fake clock, and the
// round-trip check (hls-parser in strict mode) shared by the case table and the fuzz loop.
import { expect } from 'bun:test';
import HLS from 'hls-parser';
import type { MediaPlaylist } from 'hls-parser/types';
import type {
  MediaPlaylistSnapshot,
  PartSnapshot,
  RenditionReportSnapshot,
  SegmentSnapshot,
} from './media-playlist-snapshot.ts';
import { firstSegmentWithParts } from './part-retention.ts';
import { playlistTail } from './playlist-tail.ts';

// hls-parser only logs spec violations unless strict.
HLS.setOptions({ strictMode: true, silent: true });

const EPOCH = Date.UTC(2025, 0, 1, 12, 0, 0);
// --- snapshot builder: a fake clock turns durations into PROGRAM-DATE-TIMEs -----------------------

export interface LiveShape {
  readonly firstMsn: number;
  /** Part durations of every complete segment, oldest first. */
  readonly segmentParts: readonly (readonly number[])[];
  readonly inProgressParts: readonly number[] | null;
  readonly discontinuityAt?: readonly number[];
  readonly partTarget: number;
  readonly canSkipUntilTargetDurations?: number | null;
  readonly ended?: boolean;
  readonly renditionReports?: readonly RenditionReportSnapshot[];
}

export const round5 = (seconds: number) => Math.round(seconds * 100_000) / 100_000;

function partsOf(msn: number, durations: readonly number[]): PartSnapshot[] {
  return durations.map((duration, index) => ({
    uri: `part-${msn}.${index}.m4s`,
    duration,
    independent: index === 0,
  }));
}

export function buildSnapshot(shape: LiveShape): MediaPlaylistSnapshot {
  let clockMs = EPOCH;
  const segments: SegmentSnapshot[] = shape.segmentParts.map((durations, index) => {
    const msn = shape.firstMsn + index;
    const duration = round5(durations.reduce((sum, d) => sum + d, 0));
    const segment = {
      msn,
      uri: `segment-${msn}.m4s`,
      duration,
      programDateTime: new Date(clockMs),
      discontinuity: shape.discontinuityAt?.includes(msn) ?? false,
      parts: partsOf(msn, durations),
    };
    clockMs += Math.round(duration * 1000);
    return segment;
  });
  const maxDuration = Math.max(1, ...segments.map((segment) => segment.duration));
  const targetDuration = Math.ceil(maxDuration);
  const inProgressMsn = shape.firstMsn + segments.length;
  const inProgressParts = shape.inProgressParts ?? [];
  const skipFactor = shape.canSkipUntilTargetDurations === undefined ? 6 : shape.canSkipUntilTargetDurations;
  return {
    targetDuration,
    partTarget: shape.partTarget,
    mapUri: 'init.mp4',
    firstMsn: shape.firstMsn,
    discontinuitySequence: 0,
    segments,
    inProgress:
      shape.inProgressParts === null
        ? null
        : {
            programDateTime: new Date(clockMs),
            discontinuity: shape.discontinuityAt?.includes(inProgressMsn) ?? false,
            parts: partsOf(inProgressMsn, inProgressParts),
          },
    preloadHint: shape.ended ? null : { uri: `part-${inProgressMsn}.${inProgressParts.length}.m4s` },
    renditionReports: shape.renditionReports ?? [],
    ended: shape.ended ?? false,
    partHoldBack: round5(3 * shape.partTarget),
    holdBack: 3 * targetDuration,
    canSkipUntil: skipFactor === null ? null : skipFactor * targetDuration,
  };
}

/** Reports for two sibling renditions that are exactly in step with this one. */
export function withSiblingReports(snapshot: MediaPlaylistSnapshot): MediaPlaylistSnapshot {
  const tail = playlistTail(snapshot);
  if (tail === null) return snapshot;
  return {
    ...snapshot,
    renditionReports: ['../audio/index.m3u8', '../720p/index.m3u8'].map((uri) => ({ uri, ...tail })),
  };
}

// --- checks shared by the case table and the fuzz loop ---------------------------------------------

const SINGLETON_TAGS = [
  '#EXTM3U',
  '#EXT-X-VERSION',
  '#EXT-X-TARGETDURATION',
  '#EXT-X-SERVER-CONTROL',
  '#EXT-X-PART-INF',
  '#EXT-X-MEDIA-SEQUENCE',
  '#EXT-X-DISCONTINUITY-SEQUENCE',
  '#EXT-X-MAP',
  '#EXT-X-SKIP',
  '#EXT-X-PRELOAD-HINT',
  '#EXT-X-ENDLIST',
];

function tagName(line: string): string {
  return line.split(':', 1)[0] ?? line;
}

export function expectPlaylistMatches(text: string, snapshot: MediaPlaylistSnapshot, skipped: number): void {
  const lines = text.trimEnd().split('\n');
  for (const tag of SINGLETON_TAGS) {
    expect(lines.filter((line) => tagName(line) === tag).length).toBeLessThanOrEqual(1);
  }

  const parsed = HLS.parse(text) as MediaPlaylist;
  expect(parsed.isMasterPlaylist).toBe(false);
  expect(parsed.version).toBe(snapshot.canSkipUntil === null ? 6 : 9);
  expect(parsed.targetDuration).toBe(snapshot.targetDuration);
  expect(parsed.mediaSequenceBase).toBe(snapshot.firstMsn);
  expect(parsed.discontinuitySequenceBase).toBe(snapshot.discontinuitySequence);
  expect(parsed.partTargetDuration).toBe(round5(snapshot.partTarget));
  expect(parsed.lowLatencyCompatibility).toEqual({
    canBlockReload: true,
    canSkipUntil: snapshot.canSkipUntil ?? undefined,
    holdBack: snapshot.holdBack,
    partHoldBack: round5(snapshot.partHoldBack),
  } as never);
  expect(parsed.skip ?? 0).toBe(skipped);
  expect(parsed.endlist).toBe(snapshot.ended);

  const complete = snapshot.segments.slice(skipped);
  const partsFrom = firstSegmentWithParts(snapshot);
  complete.forEach((segment, index) => {
    const got = parsed.segments[index];
    expect(got?.uri).toBe(segment.uri);
    expect(got?.mediaSequenceNumber).toBe(segment.msn);
    expect(got?.duration).toBe(round5(segment.duration));
    expect(got?.programDateTime?.getTime()).toBe(segment.programDateTime.getTime());
    expect(got?.discontinuity ?? false).toBe(segment.discontinuity);
    const listed = index + skipped >= partsFrom ? segment.parts : [];
    expect(got?.parts.map((p) => [p.uri, p.duration, p.independent ?? false, p.hint])).toEqual(
      listed.map((p) => [p.uri, round5(p.duration), p.independent, false]),
    );
  });

  const trailing = parsed.segments.slice(complete.length);
  if (snapshot.ended) {
    expect(trailing).toEqual([]);
  } else {
    const inProgressParts = snapshot.inProgress?.parts ?? [];
    const expected: (string | number | boolean | undefined)[][] = inProgressParts.map((p) => [
      p.uri,
      round5(p.duration),
      p.independent,
      false,
    ]);
    if (snapshot.preloadHint !== null) expected.push([snapshot.preloadHint.uri, undefined, false, true]);
    expect(trailing.length).toBe(expected.length > 0 ? 1 : 0);
    expect(trailing[0]?.parts.map((p) => [p.uri, p.duration, p.independent ?? false, p.hint]) ?? []).toEqual(
      expected,
    );
    if (inProgressParts.length > 0 && snapshot.inProgress !== null) {
      expect(trailing[0]?.programDateTime?.getTime()).toBe(snapshot.inProgress.programDateTime.getTime());
    }
  }

  // Every segment (the in-progress one included, once it has a part) has its own PROGRAM-DATE-TIME.
  const listedSegments =
    complete.length + (!snapshot.ended && (snapshot.inProgress?.parts.length ?? 0) > 0 ? 1 : 0);
  expect(lines.filter((line) => tagName(line) === '#EXT-X-PROGRAM-DATE-TIME').length).toBe(listedSegments);

  // PART-TARGET bounds every part the playlist lists.
  for (const segment of parsed.segments) {
    for (const part of segment.parts) {
      if (part.duration !== undefined)
        expect(part.duration).toBeLessThanOrEqual(parsed.partTargetDuration ?? 0);
    }
  }

  // hls-parser fills an absent LAST-PART from this playlist's own tail, so only given ones compare.
  expect(
    parsed.renditionReports.map((r, i) => [
      r.uri,
      r.lastMSN,
      snapshot.renditionReports[i]?.lastPart === null ? null : r.lastPart,
    ]),
  ).toEqual(snapshot.renditionReports.map((r) => [r.uri, r.lastMsn, r.lastPart]));
}
