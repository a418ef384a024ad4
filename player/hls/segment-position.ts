import type { SegmentPosition } from '../abr/switch-cost.ts';

/** A segment on the media timeline, seconds. */
export interface SegmentSpan {
  start: number;
  duration: number;
}

/**
 * Where the next load starts within its segment. A level switch in LL-HLS makes hls.js load
 * the new rendition from the last independent part, which with one keyframe per segment is
 * the segment's first: the offset is what a switch fetches again. `segments` are the
 * playlist's, in order, the one being made last with its expected length (its duration so
 * far says nothing about where it ends). A position within `slackSeconds` of a segment's end
 * is at the next one's start; past the last listed segment it is at the start of one not
 * listed yet. Also names the segment by its start. Undefined before the first (nothing known there).
 */
export function segmentPosition(
  segments: readonly SegmentSpan[],
  position: number,
  expectedSeconds: number,
  slackSeconds = 0.05,
): (SegmentPosition & { segmentStart: number }) | undefined {
  const first = segments[0];
  if (!first || !Number.isFinite(position) || position < first.start - slackSeconds) return undefined;
  for (const segment of segments) {
    const end = segment.start + segment.duration;
    if (position >= end - slackSeconds) continue;
    const offsetSeconds = Math.max(0, position - segment.start);
    return {
      offsetSeconds: offsetSeconds <= slackSeconds ? 0 : offsetSeconds,
      remainingSeconds: end - position,
      segmentStart: segment.start,
    };
  }
  const last = segments.at(-1) ?? first;
  return { offsetSeconds: 0, remainingSeconds: expectedSeconds, segmentStart: last.start + last.duration };
}
