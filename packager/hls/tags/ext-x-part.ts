import { attributeList, decimalFloat, quotedString } from '../attribute-list.ts';
import type { PartSnapshot } from '../media-playlist-snapshot.ts';

// §4.4.4.9: "The EXT-X-PART tag identifies a Partial Segment." "INDEPENDENT ... YES indicates that
// the Partial Segment contains an independent frame." "The duration of a Partial Segment MUST be
// less than or equal to the Part Target Duration."
export function extXPart(part: PartSnapshot): string {
  return `#EXT-X-PART:${attributeList([
    ['DURATION', decimalFloat(part.duration)],
    ['URI', quotedString(part.uri)],
    ['INDEPENDENT', part.independent ? 'YES' : undefined],
  ])}`;
}
