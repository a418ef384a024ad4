import type { MediaPlaylistSnapshot } from './media-playlist-snapshot.ts';
import { completeSegmentsEndUs, segmentSpans, toMicroseconds } from './segment-timeline.ts';

/** The `_HLS_skip` delivery directive (§6.2.5.1), already parsed; `null` when absent or unknown. */
export type SkipDirective = 'YES' | 'v2' | null;

/** Reads a raw `_HLS_skip` query value; anything but the two defined values is ignored. */
export function parseSkipDirective(raw: string | null | undefined): SkipDirective {
  return raw === 'YES' || raw === 'v2' ? raw : null;
}

/**
 * How many of the oldest segments a Playlist Delta Update replaces with EXT-X-SKIP; 0 means the full
 * playlist. `v2` gives the same answer as `YES`: we publish no EXT-X-DATERANGE tags to skip.
 */
export function skippedSegmentCount(snapshot: MediaPlaylistSnapshot, skip: SkipDirective): number {
  // §6.2.5.1: "A Server MUST ignore the _HLS_skip directive if the Playlist does not contain the
  // CAN-SKIP-UNTIL attribute, or if it contains an EXT-X-ENDLIST tag."
  if (skip === null || snapshot.canSkipUntil === null || snapshot.ended) return 0;

  // §6.2.5.1: "The Playlist Delta Update is a version of the Playlist in which Media Segments that are
  // further from the end of the last (Parent) Media Segment in the Playlist than the Skip Boundary
  // ... are replaced by an EXT-X-SKIP tag". A segment is further than the boundary when all of it
  // is: its end lies more than CAN-SKIP-UNTIL before the end of the last complete segment. Only the
  // oldest segments qualify, so counting from the front is enough.
  const boundaryUs = toMicroseconds(snapshot.canSkipUntil);
  const lastEndUs = completeSegmentsEndUs(snapshot);
  let skipped = 0;
  for (const span of segmentSpans(snapshot)) {
    if (lastEndUs - span.endUs <= boundaryUs) break;
    skipped += 1;
  }
  return skipped;
}
