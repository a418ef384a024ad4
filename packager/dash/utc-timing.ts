import type { UtcTimingSnapshot } from './mpd-snapshot.ts';
import type { XmlElement } from './xml-element.ts';

// 23009-1 §5.8.5.7. A dynamic MPD SHALL carry at least one UTCTiming (DASH-IF timing model): players
// map segment availability to their clock, so a client clock off by a second is a second of
// latency or of 404s. http-iso / http-xsdate: GET the URL, the body is the time; http-head: the
// Date header of a HEAD response.
export function utcTimingElement(timing: UtcTimingSnapshot): XmlElement {
  return {
    name: 'UTCTiming',
    attributes: [
      ['schemeIdUri', `urn:mpeg:dash:utc:${timing.scheme}:2014`],
      ['value', timing.url],
    ],
  };
}
