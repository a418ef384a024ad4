import type { TrackTimeline } from '../../packager/live/track-timeline.ts';

/**
 * A segment still being produced, sent as it grows (LL-DASH chunked transfer): the
 * parts already complete at once, then each new part the moment it lands, then the
 * rest when the segment completes. The bytes are exactly the complete segment's (its
 * parts concatenated), so the same URL serves LL-HLS and caches alike.
 */
export function segmentStream(
  timeline: TrackTimeline,
  msn: number,
  options: { timeoutMs: number; onWaitingChange?: (delta: number) => void },
): ReadableStream<Uint8Array> {
  let sentParts = 0;
  let sentBytes = 0;
  const progress = () => {
    const current = timeline.inProgress;
    return (
      timeline.segment(msn) !== undefined ||
      timeline.ended ||
      (current?.msn === msn && current.parts.length > sentParts) ||
      (current !== undefined && current.msn > msn)
    );
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        const complete = timeline.segment(msn);
        if (complete) {
          if (sentBytes < complete.bytes.length) controller.enqueue(complete.bytes.subarray(sentBytes));
          controller.close();
          return;
        }
        const current = timeline.inProgress;
        if (current?.msn === msn && current.parts.length > sentParts) {
          for (const part of current.parts.slice(sentParts)) {
            controller.enqueue(part.bytes);
            sentBytes += part.bytes.length;
          }
          sentParts = current.parts.length;
          return;
        }
        // Ended, restarted past it, or retired: nothing more will come for this segment.
        if (timeline.ended || (current !== undefined && current.msn > msn)) {
          controller.error(new Error(`segment ${msn} will not complete`));
          return;
        }
        options.onWaitingChange?.(1);
        const moved = await timeline.changed
          .waitUntil(progress, options.timeoutMs)
          .finally(() => options.onWaitingChange?.(-1));
        if (!moved) {
          controller.error(new Error(`segment ${msn} stalled`));
          return;
        }
      }
    },
  });
}
