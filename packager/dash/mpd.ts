import type { MpdSnapshot } from './mpd-snapshot.ts';
import { assertValidMpdSnapshot } from './mpd-snapshot-validation.ts';
import { periodElement, periodMediaEnd } from './period.ts';
import { serviceDescriptionElement } from './service-description.ts';
import { utcTimingElement } from './utc-timing.ts';
import { renderXmlDocument, type XmlElement } from './xml-element.ts';
import { xsDateTime, xsDuration } from './xml-schema-values.ts';

/** The ISO live profile (SegmentTemplate, segments on their own URLs) and the CMAF profile (CMAF chunks). */
export const MPD_PROFILES = ['urn:mpeg:dash:profile:isoff-live:2011', 'urn:mpeg:dash:profile:cmaf:2019'];

/**
 * Renders a dynamic (live) MPD, ISO/IEC 23009-1 with the DASH-IF low-latency rules. Pure: the same
 * snapshot always gives the same text. Throws `InvalidMpdSnapshotError` on a snapshot it cannot
 * render truthfully.
 *
 *   MPD            type=dynamic, profiles, availabilityStartTime, publishTime, minimumUpdatePeriod
 *                  (live only), timeShiftBufferDepth, maxSegmentDuration, minBufferTime,
 *                  suggestedPresentationDelay
 *   BaseURL        where media templates resolve
 *   ServiceDescription  Latency, PlaybackRate
 *   Period...      one per source session (media time restarts with each)
 *     AdaptationSet  video | audio: [ProducerReferenceTime] SegmentTemplate(SegmentTimeline) Representation...
 *   UTCTiming...   (schema order puts it after the periods)
 *
 * Once `ended` (DASH-IF timing model, "End of live content"): no minimumUpdatePeriod, and the last
 * period gets a duration so players know where the presentation stops.
 */
export function renderMpd(snapshot: MpdSnapshot): string {
  assertValidMpdSnapshot(snapshot);
  const lastIndex = snapshot.periods.length - 1;
  const root: XmlElement = {
    name: 'MPD',
    attributes: [
      ['xmlns', 'urn:mpeg:dash:schema:mpd:2011'],
      ['profiles', MPD_PROFILES.join(',')],
      ['type', 'dynamic'],
      ['availabilityStartTime', xsDateTime(snapshot.availabilityStartTime)],
      ['publishTime', xsDateTime(snapshot.publishTime)],
      ['minimumUpdatePeriod', snapshot.ended ? undefined : xsDuration(snapshot.minimumUpdatePeriod)],
      ['timeShiftBufferDepth', xsDuration(snapshot.timeShiftBufferDepth)],
      ['maxSegmentDuration', xsDuration(snapshot.maxSegmentDuration)],
      ['minBufferTime', xsDuration(snapshot.minBufferTime)],
      [
        'suggestedPresentationDelay',
        snapshot.suggestedPresentationDelay === null
          ? undefined
          : xsDuration(snapshot.suggestedPresentationDelay),
      ],
    ],
    children: [
      ...(snapshot.baseUrl === null ? [] : [{ name: 'BaseURL', text: snapshot.baseUrl }]),
      ...(snapshot.serviceDescription ? [serviceDescriptionElement(snapshot.serviceDescription)] : []),
      ...snapshot.periods.map((period, index) =>
        periodElement(period, snapshot.ended && index === lastIndex ? periodMediaEnd(period) : undefined),
      ),
      ...snapshot.utcTimings.map(utcTimingElement),
    ],
  };
  return renderXmlDocument(root);
}
