import { MPD_PROFILES } from './mpd.ts';
import type { StaticMpdSnapshot } from './mpd-snapshot.ts';
import { InvalidMpdSnapshotError, validatePeriod } from './mpd-snapshot-validation.ts';
import { periodElement, periodMediaEnd } from './period.ts';
import { renderXmlDocument, type XmlElement } from './xml-element.ts';
import { xsDuration } from './xml-schema-values.ts';

/** Durations print to the millisecond: a period starts within half of one of the previous period's end. */
const HALF_MS = 0.0005;

function assertValidStaticMpd(snapshot: StaticMpdSnapshot): void {
  const fail = (path: string, problem: string) => {
    throw new InvalidMpdSnapshotError(path, problem);
  };
  for (const [key, value] of [
    ['maxSegmentDuration', snapshot.maxSegmentDuration],
    ['minBufferTime', snapshot.minBufferTime],
  ] as const) {
    if (!Number.isFinite(value) || value < 0)
      fail(key, `must be a finite number of seconds >= 0, got ${value}`);
  }
  if (snapshot.baseUrl !== null && snapshot.baseUrl.trim() === '') fail('baseUrl', 'must not be empty');
  if (snapshot.periods.length === 0) fail('periods', 'must not be empty');
  const ids = new Set<string>();
  let previousEnd = 0;
  snapshot.periods.forEach((period, index) => {
    const path = `periods[${index}]`;
    validatePeriod(period, path);
    if (ids.has(period.id)) fail(`${path}.id`, `${JSON.stringify(period.id)} is used twice`);
    ids.add(period.id);
    // Static: every segment already exists, so nothing may announce early availability.
    period.adaptationSets.forEach((set, a) => {
      const template = set.segmentTemplate;
      if (template.availabilityTimeOffset !== 0 || !template.availabilityTimeComplete)
        fail(
          `${path}.adaptationSets[${a}].segmentTemplate`,
          'must not carry availability offsets in a static MPD',
        );
    });
    // Back to back: an on-demand presentation has no time without media in it.
    if (period.start < previousEnd - HALF_MS)
      fail(
        `${path}.start`,
        `(${period.start} s) overlaps the previous period, which ends at ${previousEnd} s`,
      );
    if (period.start > previousEnd + HALF_MS)
      fail(
        `${path}.start`,
        `(${period.start} s) leaves a gap after the previous period, which ends at ${previousEnd} s`,
      );
    previousEnd = period.start + periodMediaEnd(period);
  });
}

/**
 * Renders a static (VOD) MPD. Pure: the same snapshot always gives the same text. Throws
 * `InvalidMpdSnapshotError` on a snapshot it cannot render truthfully.
 *
 *   MPD         type=static, profiles, mediaPresentationDuration, maxSegmentDuration, minBufferTime
 *   BaseURL     where media templates resolve
 *   Period...   each with its start and duration (the end of its longest adaptation set)
 *     AdaptationSet  SegmentTemplate(SegmentTimeline) Representation...
 *
 * §5.3.1.2: for a static MPD "the MPD@mediaPresentationDuration attribute ... specifies the duration of
 * the entire Media Presentation"; here the last period's end.
 */
export function renderStaticMpd(snapshot: StaticMpdSnapshot): string {
  assertValidStaticMpd(snapshot);
  const durations = snapshot.periods.map(periodMediaEnd);
  const last = snapshot.periods.length - 1;
  const presentationEnd = (snapshot.periods[last]?.start ?? 0) + (durations[last] ?? 0);
  const root: XmlElement = {
    name: 'MPD',
    attributes: [
      ['xmlns', 'urn:mpeg:dash:schema:mpd:2011'],
      ['profiles', MPD_PROFILES.join(',')],
      ['type', 'static'],
      ['mediaPresentationDuration', xsDuration(presentationEnd)],
      ['maxSegmentDuration', xsDuration(snapshot.maxSegmentDuration)],
      ['minBufferTime', xsDuration(snapshot.minBufferTime)],
    ],
    children: [
      ...(snapshot.baseUrl === null ? [] : [{ name: 'BaseURL', text: snapshot.baseUrl }]),
      ...snapshot.periods.map((period, index) => periodElement(period, durations[index])),
    ],
  };
  return renderXmlDocument(root);
}
