import type { MediaPlaylistSnapshot } from './media-playlist-snapshot.ts';
import { playlistEndUs, segmentSpans, toMicroseconds } from './segment-timeline.ts';

export interface PartRetentionOptions {
  /** Seconds from the playlist end within which a segment keeps its EXT-X-PART lines; default 3 x TD. */
  readonly partWindow?: number;
  /** At most this many complete segments keep their parts; default 2. */
  readonly maxCompleteSegmentsWithParts?: number;
}

export const PART_WINDOW_TARGET_DURATIONS = 3;

// Two complete segments plus the in-progress one always cover PART-HOLD-BACK (3 parts) for any
// segment of two or more parts, keep a playlist that is reloaded on every part small, and match
// validators that count the window in Parent Segments (hls-parser rejects parts on any segment but
// the last three, counting the in-progress one).
export const MAX_COMPLETE_SEGMENTS_WITH_PARTS = 2;

/**
 * Index (into `snapshot.segments`) of the oldest complete segment that still lists its parts;
 * `segments.length` when none does. The in-progress segment always lists its parts.
 */
export function firstSegmentWithParts(
  snapshot: MediaPlaylistSnapshot,
  options: PartRetentionOptions = {},
): number {
  const windowUs = toMicroseconds(
    options.partWindow ?? PART_WINDOW_TARGET_DURATIONS * snapshot.targetDuration,
  );
  const maxSegments = options.maxCompleteSegmentsWithParts ?? MAX_COMPLETE_SEGMENTS_WITH_PARTS;
  const endUs = playlistEndUs(snapshot);
  const spans = segmentSpans(snapshot);

  // §6.2.2: "EXT-X-PART tags SHOULD be removed from the Playlist after they are greater than three
  // Target Durations from the end of the Playlist." We keep or drop a segment's parts together,
  // judged by its first part (the segment start).
  let first = spans.length;
  while (first > 0 && spans.length - first < maxSegments) {
    const span = spans[first - 1];
    if (span === undefined || endUs - span.startUs > windowUs) break;
    first -= 1;
  }
  return first;
}
