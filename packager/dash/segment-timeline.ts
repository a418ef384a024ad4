import type { TimelineSegmentSnapshot } from './mpd-snapshot.ts';
import type { XmlElement } from './xml-element.ts';
import { xsUnsigned } from './xml-schema-values.ts';

/** One `S` element: `repeat` more segments of the same duration follow the first back to back. */
export interface TimelineRun {
  /** Written only when the run does not start where the previous one ended. */
  readonly start: number;
  readonly explicitStart: boolean;
  readonly duration: number;
  readonly repeat: number;
}

/**
 * 23009-1 §5.3.9.6: "S@t ... If not present, the value shall be assumed to be the sum of the previous
 * S element's earliest presentation time and the sum of the contiguous Segment durations"; "S@r ...
 * the repeat count of the number of following contiguous Segments with the same duration".
 * The first run always carries `t`; a gap between segments gets a `t` of its own.
 */
export function timelineRuns(segments: readonly TimelineSegmentSnapshot[]): TimelineRun[] {
  const runs: TimelineRun[] = [];
  let end: number | undefined;
  for (const segment of segments) {
    const contiguous = end === segment.start;
    const last = runs.at(-1);
    if (last !== undefined && contiguous && last.duration === segment.duration) {
      runs[runs.length - 1] = { ...last, repeat: last.repeat + 1 };
    } else {
      runs.push({ start: segment.start, explicitStart: !contiguous, duration: segment.duration, repeat: 0 });
    }
    end = segment.start + segment.duration;
  }
  return runs;
}

export function segmentTimelineElement(segments: readonly TimelineSegmentSnapshot[]): XmlElement {
  return {
    name: 'SegmentTimeline',
    children: timelineRuns(segments).map((run) => ({
      name: 'S',
      attributes: [
        ['t', run.explicitStart ? xsUnsigned(run.start) : undefined],
        ['d', xsUnsigned(run.duration)],
        ['r', run.repeat > 0 ? xsUnsigned(run.repeat) : undefined],
      ],
    })),
  };
}
