import { adaptationSetElement } from './adaptation-set.ts';
import type { PeriodSnapshot } from './mpd-snapshot.ts';
import { InvalidMpdSnapshotError } from './mpd-snapshot-validation.ts';
import type { XmlElement } from './xml-element.ts';
import { xsDuration } from './xml-schema-values.ts';

/** Seconds from the period start to the end of its longest-running adaptation set. */
export function periodMediaEnd(period: PeriodSnapshot): number {
  let end = 0;
  for (const { segmentTemplate: template } of period.adaptationSets) {
    const last = template.segments.at(-1);
    if (last === undefined) continue;
    end = Math.max(end, (last.start + last.duration - template.presentationTimeOffset) / template.timescale);
  }
  return end;
}

/** 23009-1 §5.3.2 Period: `duration` when given (an ended live stream's last period, every VOD period). */
export function periodElement(period: PeriodSnapshot, duration: number | undefined): XmlElement {
  // DASH-IF timing model: "A period SHALL NOT have a duration of zero."
  if (duration !== undefined && !(duration > 0)) {
    throw new InvalidMpdSnapshotError(`period ${JSON.stringify(period.id)}`, 'ends before it starts');
  }
  return {
    name: 'Period',
    attributes: [
      ['id', period.id],
      ['start', xsDuration(period.start)],
      ['duration', duration === undefined ? undefined : xsDuration(duration)],
    ],
    children: period.adaptationSets.map(adaptationSetElement),
  };
}
