import type { MediaPlaylistSnapshot } from './media-playlist-snapshot.ts';

// Positions of the complete segments on the playlist's own timeline, in integer microseconds so that
// sums of float durations never drift across a boundary comparison (0.1 + 0.2 !== 0.3).

export function toMicroseconds(seconds: number): number {
  return Math.round(seconds * 1_000_000);
}

export interface SegmentSpan {
  readonly startUs: number;
  readonly endUs: number;
}

/** Start and end of each complete segment, the first one starting at 0. */
export function segmentSpans(snapshot: MediaPlaylistSnapshot): SegmentSpan[] {
  const spans: SegmentSpan[] = [];
  let startUs = 0;
  for (const segment of snapshot.segments) {
    const endUs = startUs + toMicroseconds(segment.duration);
    spans.push({ startUs, endUs });
    startUs = endUs;
  }
  return spans;
}

/** End of the last complete segment (the "last Parent Segment" that has a duration). */
export function completeSegmentsEndUs(snapshot: MediaPlaylistSnapshot): number {
  return segmentSpans(snapshot).at(-1)?.endUs ?? 0;
}

/** End of everything the playlist lists: complete segments plus the in-progress segment's parts. */
export function playlistEndUs(snapshot: MediaPlaylistSnapshot): number {
  const inProgressUs = snapshot.ended
    ? 0
    : (snapshot.inProgress?.parts ?? []).reduce((sum, part) => sum + toMicroseconds(part.duration), 0);
  return completeSegmentsEndUs(snapshot) + inProgressUs;
}
